/**
 * Static PNG fallbacks for the figure outputs of an executed notebook: `npm run reproduce` adds
 * an `image/png` beside every `application/vnd.plotly.v1+json` output, so that a notebook opened
 * untrusted in JupyterLab (scripts stripped, so the HTML cannot draw) still shows its figures.
 * The PNG is drawn by the same plotly.js in headless Chromium.
 */
import { readFileSync, writeFileSync } from "fs";
import { closeRenderer, renderFigure } from "./save";

interface NotebookOutput {
  output_type: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** Add PNGs to the figure outputs of the notebook file at `path` (in place); returns how many were added. */
export async function addPngFallbacks(path: string, options: { width?: number; height?: number } = {}): Promise<number> {
  const nb = JSON.parse(readFileSync(path, "utf8"));
  let added = 0;
  try {
    for (const cell of nb.cells ?? []) {
      for (const out of (cell.outputs ?? []) as NotebookOutput[]) {
        const fig = out.data?.["application/vnd.plotly.v1+json"] as { data: unknown[]; layout?: Record<string, unknown> } | undefined;
        if (!fig || out.data!["image/png"]) continue;
        const layout = fig.layout ?? {};
        const width = typeof layout.width === "number" ? layout.width : (options.width ?? 900);
        const height = typeof layout.height === "number" ? layout.height : (options.height ?? 500);
        const png = await renderFigure(fig as never, { format: "png", width, height, scale: 1 });
        out.data!["image/png"] = png.toString("base64");
        out.metadata = { ...(out.metadata ?? {}), "image/png": { width, height } };
        added++;
      }
    }
  } finally {
    await closeRenderer();
  }
  writeFileSync(path, JSON.stringify(nb, null, 1) + "\n");
  return added;
}
