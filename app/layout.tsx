import type { Metadata } from "next";
import { PROJECTOR_BOOT_SCRIPT } from "@/lib/ui/projector";
import "./globals.css";

// Every page renders per request: the Content-Security-Policy nonce (proxy.ts) is new each time, and Next.js stamps it on its scripts while rendering.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Control Spectrum Playground",
  description: "One tennis club, eight ways to orchestrate an LLM: who decides which function to call, and when.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    // The boot script may add the projector class before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: PROJECTOR_BOOT_SCRIPT }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
