import { expect, test, type Page } from "@playwright/test";

/** The club member: book and cancel with a question first, a list of bookings, a chat that survives a reload. */

const SHOTS = "test-results/screenshots";
const TODAY = "2026-12-01";

test.beforeEach(async ({ request }) => {
  await request.post("/api/admin/reset");
});

async function sayWithoutLatency(page: Page, text: string) {
  const before = await page.locator('[data-testid="chat-message"][data-role="assistant"]').count();
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]')).toHaveCount(before + 1, { timeout: 30_000 });
  await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", /ok|error|aborted/);
}

test("a free cell asks before booking, and a cell of yours cancels after asking", async ({ page }) => {
  await page.goto("/");
  const cell = page.getByTestId("courts-grid").locator(`[data-slot-id="${TODAY}_CourtB_1500"]`);
  await expect(cell).toHaveAttribute("data-state", "free");

  await cell.click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Court B");
  await expect(dialog).toContainText("15:00");
  await page.getByTestId("confirm-no").click();
  await expect(dialog).toBeHidden();
  await expect(cell).toHaveAttribute("data-state", "free");
  expect((await (await page.request.get("/api/bookings")).json()).bookings).toEqual([]);

  await cell.click();
  await page.getByTestId("confirm-yes").click();
  await expect(cell).toHaveAttribute("data-state", "yours");
  await expect(page.getByTestId("my-booking")).toHaveCount(1);

  await cell.click();
  await expect(dialog).toContainText("Cancel this booking?");
  await page.screenshot({ path: `${SHOTS}/cancel-confirm.png` });
  // Escape is a "no": nothing is cancelled.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(cell).toHaveAttribute("data-state", "yours");
  await cell.click();
  await page.getByTestId("confirm-yes").click();
  await expect(cell).toHaveAttribute("data-state", "free");
  await expect(page.getByTestId("my-bookings-empty")).toBeVisible();
});

test("My bookings lists what the chat booked and cancels it after asking", async ({ page }) => {
  await page.goto("/?p=D");
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await sayWithoutLatency(page, "Book court B tomorrow at 3pm");
  const mine = page.getByTestId("my-booking");
  await expect(mine).toHaveCount(1);
  await expect(mine).toHaveAttribute("data-booking-slot", "2026-12-02_CourtB_1500");
  await expect(mine).toContainText("Court B");
  await expect(mine).toContainText("15:00");
  await page.screenshot({ path: `${SHOTS}/my-bookings.png` });

  await mine.getByTestId("my-booking-cancel").click();
  await page.getByTestId("confirm-yes").click();
  await expect(mine).toHaveCount(0);
  await expect(page.getByTestId("courts-grid").locator('[data-slot-id="2026-12-02_CourtB_1500"]')).toHaveAttribute("data-state", "free");
  expect((await (await page.request.get("/api/bookings")).json()).bookings).toEqual([]);
});

test("a reload restores the conversation from the server, and it goes on from there", async ({ page }) => {
  await page.goto("/?p=A");
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await sayWithoutLatency(page, "Book court B for tomorrow");
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').last()).toHaveText(/what time/i);

  await page.reload();
  const messages = page.getByTestId("chat-message");
  await expect(messages).toHaveCount(2);
  await expect(messages.first()).toHaveText("Book court B for tomorrow");
  await expect(messages.last()).toHaveText(/what time/i);
  // Only the conversation's id is kept in the browser; the text came from the server.
  const stored = await page.evaluate(() => localStorage.getItem("csp.sessions"));
  expect(stored).not.toContain("Book court B");

  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await sayWithoutLatency(page, "6pm");
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').last()).toHaveText(/Court B is taken.*which one/i);

  await page.getByTestId("new-conversation").click();
  await page.reload();
  await expect(page.getByTestId("chat-suggestion").first()).toBeVisible();
  await expect(messages).toHaveCount(0);
});

test("a rate-limited message is answered kindly, with the wait", async ({ page }) => {
  await page.route("**/api/chat", (route) =>
    route.fulfill({
      status: 429,
      headers: { "content-type": "application/json", "retry-after": "7" },
      body: JSON.stringify({ error: { code: "rate_limited", message: "Too many requests" } }),
    }),
  );
  await page.goto("/?p=D");
  await page.getByTestId("chat-input").fill("Book court B tomorrow at 3pm");
  await page.getByTestId("chat-input").press("Enter");
  const notice = page.getByTestId("chat-error");
  await expect(notice).toContainText("You're sending messages quickly — try again in 7 s.");
  await expect(notice).toHaveAttribute("role", "status");
  await expect(notice).not.toContainText("Something went wrong");
});

test("sending messages does not prefetch /compare", async ({ page }) => {
  const compareRequests: string[] = [];
  page.on("request", (req) => {
    if (new URL(req.url()).pathname.startsWith("/compare")) compareRequests.push(req.url());
  });
  await page.goto("/?p=E");
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  for (const text of ["What's free tomorrow?", "And on Friday?", "Thanks"]) await sayWithoutLatency(page, text);
  await page.getByTestId("compare-link").hover();
  await page.waitForTimeout(500);
  expect(compareRequests).toEqual([]);
  await page.getByTestId("compare-link").click();
  await expect(page).toHaveURL(/\/compare\?m=Thanks/);
});

test("a new day never shows over the previous day's cells", async ({ page }) => {
  await page.goto("/");
  const grid = page.getByTestId("courts-grid");
  await expect(grid).toHaveAttribute("data-date", TODAY);
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/schedule?date=2026-12-03", async (route) => {
    await held;
    await route.continue();
  });
  await page.getByTestId("courts-date").fill("2026-12-03");
  await expect(page.getByText("Loading Thu 3 Dec")).toBeVisible();
  await expect(grid).toHaveCount(0);
  release();
  await expect(grid).toHaveAttribute("data-date", "2026-12-03");
  const ids = await grid.getByTestId("court-cell").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-slot-id")));
  expect(ids.length).toBeGreaterThan(0);
  expect(ids.every((id) => id?.startsWith("2026-12-03_"))).toBe(true);
});
