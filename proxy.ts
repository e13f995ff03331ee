import { NextResponse, type NextRequest } from "next/server";
import { isCrossSite, isServedHost } from "@/lib/http/guard";
import { mayIssueIdentity } from "@/lib/http/rate-limit";
import { pageCsp } from "@/lib/http/security-headers";
import { identify, identityCookie } from "@/lib/http/session";

/**
 * A fresh nonce per page request, in the Content-Security-Policy that Next.js reads while
 * rendering (it stamps the nonce on its scripts) and that the browser enforces; `x-nonce` hands it
 * to the layout's own inline script; and a first visit's member cookie. API routes and static
 * files get their headers from next.config.mjs instead.
 */
export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  // The member's cookie comes with the page, so the page's first requests (courts, My bookings, a
  // chat turn sent at once) are one member instead of racing to be issued one each.
  // Minting follows the API's rules: same-site, a host this app serves, within the address's ration.
  const member = identify(request);
  if (!member.identified && !isCrossSite(request) && isServedHost(request) && (await mayIssueIdentity(request)))
    response.headers.append("set-cookie", identityCookie(request, member.userId));
  return response;
}

export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)" }],
};
