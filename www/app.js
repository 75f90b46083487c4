// Bootstrap: loads the dashboard, which imports "compute-horde-sdk" (mapped to the built
// package by the page's import map). When the package cannot be loaded (not built, or the page
// served without it), say so on the page instead of failing silently.
const banner = document.getElementById("boot-banner");

import("./js/main.js").catch((error) => {
  banner.hidden = false;
  banner.textContent = `The dashboard could not start: ${error?.message ?? error}. ` +
    "Build the package (bash scripts/build-pkg.sh) and serve the page with node www/serve.mjs.";
  console.error(error);
});
