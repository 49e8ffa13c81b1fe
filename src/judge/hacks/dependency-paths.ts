/**
 * Where installed dependencies live: package directories (`node_modules`, `site-packages`,
 * virtualenvs, Go's `vendor`), the interpreters' own libraries and the package managers' caches.
 */
const DEPENDENCY_PATH =
  /(?:^|\/)(?:node_modules|site-packages|dist-packages|\.venv|venv|\.tox|__pypackages__|bower_components|vendor|\.pnpm-store)(?:\/|$)|(?:^|\/)\.yarn\/cache\/|^\/usr\/(?:local\/)?lib\/(?:python[\d.]*|node_modules)\/|^(?:~|\$HOME|\$\{HOME\}|\/root|\/home\/[^/]+)\/(?:\.cache|\.npm|\.local\/lib|\.cargo\/registry|go\/pkg\/mod|\.pyenv|\.nvm)\//;

/** True for a path inside installed dependencies (as a patch, an edit or a shell command names it). */
export function isDependencyPath(path: string): boolean {
  return DEPENDENCY_PATH.test(path.replace(/\\/g, "/").replace(/^\.\//, ""));
}

/**
 * Installed test frameworks and assertion libraries: editing them changes what every test
 * reports. Python's own `unittest` counts, wherever the interpreter's library is.
 */
const TEST_FRAMEWORK =
  /(?:^|\/)node_modules\/(?:assert|chai|chai-[\w-]+|expect|jest[\w-]*|@jest\/[\w-]+|mocha|vitest|@vitest\/[\w-]+|ava|tap|uvu|should|power-assert|jasmine[\w-]*|@playwright\/test|node-tap|tape)(?:\/|$)|(?:^|\/)(?:site-packages|dist-packages)\/(?:_pytest|pytest|pytest_[\w]+|pluggy|unittest|nose2?|py)(?:\/|\.py|$)|\/python[\d.]*\/unittest\/|(?:^|\/)(?:sitecustomize|usercustomize)\.py$|\.pth$/;

/** True for a path in an installed test framework, or a Python start-up hook (`sitecustomize.py`, `*.pth`). */
export function isTestFrameworkPath(path: string): boolean {
  return TEST_FRAMEWORK.test(path.replace(/\\/g, "/"));
}
