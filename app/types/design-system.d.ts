declare module "@scottish-government/design-system/dist/scripts/design-system.js" {
  const DS: { initAll: () => void } | undefined;
  export default DS;
}
