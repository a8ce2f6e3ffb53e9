export * from "./accounts";
export * from "./platform";
export * from "./council-lists";
export * from "./people";
export * from "./agreement-templates";
export * from "./payments";
export * from "./ledger";
export * from "./frameworks";
