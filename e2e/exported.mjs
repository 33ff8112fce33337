// The answers' CSV export as a marketer gets it: downloaded with the results page's link.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { parse } from "csv-parse/sync";

/** Downloads the answers shown on `page` as CSV and reads them, a row an object by column. */
export async function downloadAnswers(page) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the answers as CSV" }).click(),
  ]);
  const bytes = readFileSync(await download.path());
  // Excel reads a CSV file as UTF-8 only after its byte order mark.
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "the byte order mark first");
  return parse(bytes, { columns: true, bom: true });
}
