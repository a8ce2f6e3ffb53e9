import { resolve } from "node:path";

export const TMP_DIR = resolve("test/.tmp/unit");
export const TEMPLATE_PATH = resolve(TMP_DIR, "template.db");
