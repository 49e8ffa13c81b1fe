import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import { writeReport } from "../../report/write-report.js";
import { openRunStore, runStoreExists } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import type { CommandHandler, CommonOptions } from "../command-context.js";

export type ReportOptions = CommonOptions & { out?: string; open?: boolean };

/** `kaizen report`: writes the static HTML report (and linked transcripts) and says where to open it. */
export const reportCommand: CommandHandler<ReportOptions> = async (context, _args, options) => {
  if (!runStoreExists(context.runDir)) throw new UserError(`no run store in ${context.runDir}, so nothing to report`, "run kaizen demo or kaizen loop first, or pass --run DIR");
  const store = openRunStore({ dir: context.runDir, mustExist: true });
  let written;
  try {
    written = writeReport({ store, ...(options.out ? { outDir: options.out } : {}) });
  } finally {
    store.close();
  }
  const url = pathToFileURL(written.index).href;
  const human = [
    `wrote the report: ${url}`,
    `  ${written.transcripts.length} transcript page${written.transcripts.length === 1 ? "" : "s"} beside it (trajectories/)`,
    ...(written.empty.length > 0 ? ["empty sections:", ...written.empty.map((section) => `  ${section.title}: ${section.why}`)] : []),
  ];
  let opened: string | undefined;
  if (options.open) {
    opened = await openInBrowser(url);
    human.push(opened ? `could not open a browser (${opened}); open the address above yourself` : "opened in the default browser");
  }
  return { exitCode: 0, data: { index: written.index, url, transcripts: written.transcripts, empty: written.empty, ...(options.open ? { openError: opened ?? null } : {}) }, human };
};

/** Hands the address to the desktop's opener; resolves to why it failed, or undefined. */
function openInBrowser(url: string): Promise<string | undefined> {
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  return new Promise((resolve) => {
    const child = spawn(opener, [url], { stdio: "ignore", detached: true });
    child.once("error", (error) => resolve(`${opener}: ${error.message}`));
    child.once("spawn", () => {
      child.unref();
      resolve(undefined);
    });
  });
}
