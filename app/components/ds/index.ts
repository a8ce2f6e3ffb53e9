export * from "./content";
export * from "./fields";
export { DsForm, ErrorSummary, useFieldState } from "./form";
