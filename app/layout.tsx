import type { Metadata } from "next";
import "./globals.css";

// Every page renders per request: the Content-Security-Policy nonce (proxy.ts) is new each time, and Next.js stamps it on its scripts while rendering.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Control Spectrum Playground",
  description: "One tennis club, eight ways to orchestrate an LLM: who decides which function to call, and when.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
