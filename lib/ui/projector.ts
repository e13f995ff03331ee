/** Where projector mode is remembered, so a reload (or /compare, /runs/{id}) keeps it. */
export const PROJECTOR_KEY = "csp.projector";

/**
 * Runs before the page paints (see app/layout.tsx), so a remembered projector mode shows at once
 * instead of flashing the normal size first.
 */
export const PROJECTOR_BOOT_SCRIPT = `try{if(localStorage.getItem(${JSON.stringify(PROJECTOR_KEY)})==="1")document.documentElement.classList.add("projector")}catch(e){}`;
