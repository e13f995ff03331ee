import { NextResponse, type NextRequest } from "next/server";
import { pageCsp } from "@/lib/http/security-headers";

/**
 * A fresh nonce per page request, in the Content-Security-Policy that Next.js reads while
 * rendering (it stamps the nonce on its scripts) and that the browser enforces. API routes and
 * static files get their headers from next.config.mjs instead.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)" }],
};
