import { expect, test, type Page } from "@playwright/test";

/**
 * The playground under its Content Security Policy in real Chromium (issue 10, item 10): every page
 * loads, a run completes, the code pane and the graph render, and the browser reports no violation.
 */
function watchViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(msg.text())) violations.push(msg.text());
  });
  page.on("pageerror", (error) => violations.push(`pageerror: ${error.message}`));
  return violations;
}

async function listenForViolationEvents(page: Page) {
  await page.addInitScript(() => {
    (window as unknown as { __cspViolations: string[] }).__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolations: string[] }).__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

const reported = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

test("the playground runs a pattern under the CSP with no violation", async ({ page }) => {
  const violations = watchViolations(page);
  await listenForViolationEvents(page);
  const res = await page.goto("/?p=D");
  expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  await expect(page.getByTestId("pattern-option-D")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(".react-flow__node[data-state]").first()).toBeVisible();

  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("chat-input").fill("Book court C on December 4th at 11am");
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", "ok");
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').last()).toContainText("Court C");
  await expect(page.locator('.react-flow__node[data-id="book"]')).toHaveAttribute("data-state", "done");

  // Switching pattern re-renders the graph and loads the code pane's highlighted source (inline styles).
  await page.getByTestId("pattern-option-E").click();
  await expect(page.getByTestId("pattern-option-E")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator('.react-flow__node[data-id="agent"]')).toBeVisible();

  expect(await reported(page)).toEqual([]);
  expect(violations).toEqual([]);
});

test("compare and replay pages load under the CSP with no violation", async ({ page }) => {
  const violations = watchViolations(page);
  await listenForViolationEvents(page);
  await page.goto("/compare");
  await expect(page.locator("body")).toContainText(/compare/i);
  expect(await reported(page)).toEqual([]);

  const run = await page.request.post("/api/patterns/a/chat", { data: { message: "What courts are free tomorrow at 4pm?" } });
  const { run_id } = await run.json();
  await page.goto(`/runs/${run_id}`);
  await expect(page.locator(".react-flow__node[data-state]").first()).toBeVisible();
  expect(await reported(page)).toEqual([]);
  expect(violations).toEqual([]);
});

test("pages refuse to be framed and forbid sniffing", async ({ page }) => {
  const res = await page.request.get("/");
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  expect(res.headers()["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
});
