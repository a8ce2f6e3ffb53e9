export * from "./accounts";
export * from "./platform";
export * from "./council-lists";
export * from "./frameworks";
export * from "./agreement-templates";
export * from "./people";
export * from "./ledger";
export * from "./agreements";
