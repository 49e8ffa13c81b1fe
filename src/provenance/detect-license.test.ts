import assert from "node:assert/strict";
import { test } from "node:test";
import { detectLicense } from "./detect-license.js";
import { isPermissive } from "./is-permissive.js";

const MIT = `MIT License

Copyright (c) 2024 Example Maintainers

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.
`;
const APACHE = `
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION
`;
const BSD_GRANT = `Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.
`;
const BSD_2 = `Copyright (c) 2024, Example\nAll rights reserved.\n\n${BSD_GRANT}\nTHIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"\n`;
const BSD_3 = `BSD 3-Clause License\n\n${BSD_GRANT}
3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.
`;
const ISC = `ISC License

Copyright (c) 2024 Example

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.
`;
const ZERO_BSD = `Copyright (C) 2024 by Example <dev@example.com>

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
`;
const MPL = "Mozilla Public License Version 2.0\n==================================\n\n1. Definitions\n--------------\n";
const GPL_2 = "                    GNU GENERAL PUBLIC LICENSE\n                       Version 2, June 1991\n\n Copyright (C) 1989, 1991 Free Software Foundation, Inc.\n";
const GPL_3 = `                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 ...
This General Public License does not permit incorporating your program into
proprietary programs.  If your program is a subroutine library, you may
consider it more useful to permit linking proprietary applications with
the library.  If this is what you want to do, use the GNU Lesser General
Public License instead of this License.
`;
const GPL_3_NOTICE = `Copyright (C) 2024 Example

This program is free software: you can redistribute it and/or modify
it under the terms of the GNU General Public License as published by
the Free Software Foundation, either version 3 of the License, or
(at your option) any later version.
`;
const LGPL_2_1 = "                  GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 2.1, February 1999\n";
const LGPL_3 = `                   GNU LESSER GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

  This version of the GNU Lesser General Public License incorporates
the terms and conditions of version 3 of the GNU General Public
License, supplemented by the additional permissions listed below.
`;
const AGPL = "                    GNU AFFERO GENERAL PUBLIC LICENSE\n                       Version 3, 19 November 2007\n";
const UNLICENSE = "This is free and unencumbered software released into the public domain.\n\nAnyone is free to copy, modify, publish, use, compile, sell, or\ndistribute this software.\n";
const CC0 = "Creative Commons Legal Code\n\nCC0 1.0 Universal\n\n    CREATIVE COMMONS CORPORATION IS NOT A LAW FIRM\n";

function repo(files: Record<string, string>) {
  return { files: Object.keys(files), read: (path: string) => files[path] };
}

test("licence texts are recognised from the root licence file", () => {
  const cases: [string, string][] = [
    [MIT, "MIT"],
    [APACHE, "Apache-2.0"],
    [BSD_2, "BSD-2-Clause"],
    [BSD_3, "BSD-3-Clause"],
    [ISC, "ISC"],
    [ZERO_BSD, "0BSD"],
    [MPL, "MPL-2.0"],
    [GPL_2, "GPL-2.0"],
    [GPL_3, "GPL-3.0"],
    [GPL_3_NOTICE, "GPL-3.0"],
    [LGPL_2_1, "LGPL-2.1"],
    [LGPL_3, "LGPL-3.0"],
    [AGPL, "AGPL-3.0"],
    [UNLICENSE, "Unlicense"],
    [CC0, "CC0-1.0"],
    ["# MIT License\n\nCopyright (c) 2024 Someone\n", "MIT"],
  ];
  for (const [text, spdx] of cases) {
    const detected = detectLicense(repo({ LICENSE: text, "src/index.ts": "" }));
    assert.deepEqual(detected, { spdx, file: "LICENSE", evidence: `LICENSE: text matches ${spdx}` }, spdx);
  }
});

test("licence file names: spellings, COPYING.LESSER over COPYING, and only at the root", () => {
  assert.equal(detectLicense(repo({ "LICENSE.md": MIT })).spdx, "MIT");
  assert.equal(detectLicense(repo({ "LICENCE.txt": ISC })).file, "LICENCE.txt");
  assert.equal(detectLicense(repo({ COPYING: GPL_3 })).spdx, "GPL-3.0");
  assert.deepEqual(detectLicense(repo({ COPYING: GPL_3, "COPYING.LESSER": LGPL_3 })), { spdx: "LGPL-3.0", file: "COPYING.LESSER", evidence: "COPYING.LESSER: text matches LGPL-3.0" });
  assert.equal(detectLicense(repo({ "vendor/lib/LICENSE": GPL_3, "LICENSE.rst": BSD_3 })).spdx, "BSD-3-Clause");
  assert.equal(detectLicense(repo({ "vendor/lib/LICENSE": GPL_3 })).spdx, undefined);
  // A project licence followed by bundled third-party notices is the project's.
  assert.equal(detectLicense(repo({ LICENSE: `${MIT}\n\nThird-party code in vendor/ is under:\n${APACHE}` })).spdx, "MIT");
});

test("dual licence files are a choice, unless the manifest says how they combine", () => {
  const dual = { "LICENSE-MIT": MIT, "LICENSE-APACHE": APACHE };
  assert.deepEqual(detectLicense(repo(dual)), {
    spdx: "Apache-2.0 OR MIT",
    file: "LICENSE-APACHE",
    evidence: "several licence files, read as a choice: LICENSE-APACHE (Apache-2.0), LICENSE-MIT (MIT)",
  });
  const cargo = '[package]\nname = "x"\nlicense = "MIT OR Apache-2.0"\n';
  assert.deepEqual(detectLicense(repo({ ...dual, "Cargo.toml": cargo })), { spdx: "MIT OR Apache-2.0", file: "Cargo.toml", evidence: 'Cargo.toml declares "MIT OR Apache-2.0"' });
});

test("package metadata is read when there is no licence file", () => {
  const cases: [Record<string, string>, string | undefined, RegExp][] = [
    [{ "package.json": JSON.stringify({ name: "x", license: "MIT" }) }, "MIT", /package\.json declares "MIT"/],
    [{ "package.json": JSON.stringify({ license: "(mit OR apache-2.0)" }) }, "(MIT OR Apache-2.0)", /declares/],
    [{ "package.json": JSON.stringify({ licenses: [{ type: "MIT" }, { type: "Apache-2.0" }] }) }, "MIT OR Apache-2.0", /declares/],
    [{ "package.json": JSON.stringify({ license: "UNLICENSED" }) }, undefined, /not a recognised licence/],
    [{ "package.json": JSON.stringify({ license: "SEE LICENSE IN docs/TERMS.md" }), "docs/TERMS.md": BSD_3 }, "BSD-3-Clause", /points to docs\/TERMS\.md/],
    [{ "pyproject.toml": '[project]\nname = "x"\nlicense = "MIT"\n' }, "MIT", /pyproject\.toml declares "MIT"/],
    [{ "pyproject.toml": '[project]\nlicense = {text = "Apache Software License"}\n' }, "Apache-2.0", /declares "Apache Software License"/],
    [{ "pyproject.toml": '[project]\nlicense = { file = "legal/COPYING.txt" }\n', "legal/COPYING.txt": GPL_3 }, "GPL-3.0", /points to legal\/COPYING\.txt/],
    [{ "pyproject.toml": '[tool.poetry]\nname = "x"\nlicense = "BSD-3-Clause"\n' }, "BSD-3-Clause", /declares/],
    [{ "pyproject.toml": '[project]\nclassifiers = [\n  "License :: OSI Approved :: MIT License",\n]\n' }, "MIT", /declares "MIT License"/],
    [{ "pyproject.toml": '[tool.black]\nlicense = "GPL-3.0"\n' }, undefined, /no licence file/],
    [{ "setup.cfg": "[metadata]\nname = x\nlicense = BSD\nlicense_files = LICENSE\n" }, "BSD-3-Clause", /without a clause count/],
    [{ "setup.cfg": "[metadata]\nlicense = GNU General Public License v2 or later (GPLv2+)\n" }, "GPL-2.0", /declares/],
    [{ "Cargo.toml": '[package]\nname = "x"\nlicense = "MIT/Apache-2.0"\n' }, "MIT OR Apache-2.0", /declares/],
    [{ "Cargo.toml": '[package]\nname = "x"\nlicense-file = "LEGAL.txt"\n', "LEGAL.txt": ISC }, "ISC", /points to LEGAL\.txt/],
    [{ "README.md": "hello" }, undefined, /no licence file at the repository root and no licence in the package metadata/],
  ];
  for (const [files, spdx, evidence] of cases) {
    const detected = detectLicense(repo(files));
    assert.equal(detected.spdx, spdx, JSON.stringify(files));
    assert.match(detected.evidence, evidence, JSON.stringify(files));
  }
});

test("a licence file wins over metadata; an unrecognised one falls back to it or says so", () => {
  assert.equal(detectLicense(repo({ LICENSE: APACHE, "package.json": JSON.stringify({ license: "MIT" }) })).spdx, "Apache-2.0");
  const custom = "Copyright 2024 Example Corp. All rights reserved. Internal use only.\n";
  assert.deepEqual(detectLicense(repo({ LICENSE: custom })), { file: "LICENSE", evidence: "LICENSE: text matches no known licence" });
  assert.equal(detectLicense(repo({ LICENSE: custom, "package.json": JSON.stringify({ license: "ISC" }) })).spdx, "ISC");
  assert.equal(detectLicense({ files: ["LICENSE"], read: () => undefined }).spdx, undefined);
  assert.equal(detectLicense(repo({ "package.json": "{ not json" })).spdx, undefined);
});

test("permissive licences, and expressions with a permissive choice", () => {
  for (const spdx of ["MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "0BSD", "Unlicense", "CC0-1.0", "MIT OR Apache-2.0", "GPL-2.0 OR MIT", "(MIT OR GPL-3.0) AND BSD-3-Clause", "Apache-2.0 WITH LLVM-exception", "mit"]) {
    assert.equal(isPermissive(spdx), true, spdx);
  }
  for (const spdx of [undefined, "", "GPL-3.0", "LGPL-2.1", "AGPL-3.0", "MPL-2.0", "MIT AND GPL-3.0", "(MIT OR GPL-3.0) AND LGPL-2.1", "Proprietary", "MIT OR"]) {
    assert.equal(isPermissive(spdx), false, String(spdx));
  }
});
