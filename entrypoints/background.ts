export default defineBackground(() => {
  // Wired in the panel issue: owns the Dexie cache and the sync.
});
