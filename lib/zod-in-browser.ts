import { z } from "zod";

// The pages' CSP has no 'unsafe-eval': in the browser zod must not probe `new Function` for its JIT,
// or Chromium reports a violation. zod probes as an object schema is built, so every module that
// builds schemas the browser loads imports this one first (the server keeps the JIT).
if (typeof window !== "undefined") z.config({ jitless: true });
