import { expect, test, type Page } from "@playwright/test";
import { PATTERN_IDS } from "@/lib/patterns/types";

/**
 * Demo mode as a presenter uses it: keys only at 1920×1080, the same request through all eight
 * patterns in a row, each booking in the demo sandbox; then R resets it and the round runs again.
 */
test.use({ viewport: { width: 1920, height: 1080 } });

const TOMORROW_6PM = '[data-slot-id^="2026-12-02_"][data-slot-id$="_1800"]';
const REQUEST = "Book a court tomorrow at 6pm";

/** Tab until the chat box has focus: the keyboard's way in from a fresh page. */
async function tabToChat(page: Page) {
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "chat-input")) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("the chat box cannot be reached with Tab");
}

async function round(page: Page) {
  for (const [i, id] of PATTERN_IDS.entries()) {
    await page.keyboard.press(String(i + 1));
    await expect(page.getByTestId(`pattern-option-${id}`)).toHaveAttribute("aria-pressed", "true");
    await page.keyboard.press("/");
    await page.keyboard.type(REQUEST);
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", "ok", { timeout: 30_000 });
    await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').last(), `pattern ${id}`).toHaveText(/book/i);
    // The booking lands in the sandbox's courts view; the previous pattern's booking was released.
    await expect(page.getByTestId("courts-grid")).toHaveAttribute("data-date", "2026-12-02");
    await expect(page.locator(`${TOMORROW_6PM}[data-state="yours"]`), `pattern ${id}`).toHaveCount(1);
    // The send handed the keys to the stage: the next pattern key works at once.
  }
}

test("the eight-pattern demo in a row from the keyboard, twice, with a reset between", async ({ page, request }) => {
  test.setTimeout(300_000);
  await request.post("/api/admin/reset");
  await page.goto("/?demo=1");
  await expect(page.getByTestId("demo-toggle")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("courts-sandbox")).toBeVisible();
  await tabToChat(page);
  await page.keyboard.press("Tab");

  await round(page);
  await page.screenshot({ path: "test-results/screenshots/demo-round-1.png" });

  // The club's own schedule never saw the demo's bookings (this request has a cookie of its own).
  const club = await (await request.get("/api/schedule?date=2026-12-02")).json();
  expect(club.schedule.kind).toBe("club");
  expect(
    club.cells.filter((c: { slot: { time: string }; state: string }) => c.slot.time === "18:00").map((c: { state: string }) => c.state),
  ).toEqual(["free", "taken", "free", "taken"]);

  await page.keyboard.press("r");
  await expect(page.locator(`${TOMORROW_6PM}[data-state="yours"]`)).toHaveCount(0);
  await expect(page.locator('[data-testid="chat-message"]')).toHaveCount(0);
  await page.keyboard.press("1");
  await round(page);

  // Remembered: a reload without ?demo=1 stays in demo mode.
  await page.goto("/");
  await expect(page.getByTestId("demo-toggle")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("courts-sandbox")).toBeVisible();
});

test("step mode holds a D run before each step until the presenter continues", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/?p=D&demo=0");
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("option-step-mode").check();
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("chat-input").fill("Book court A tomorrow at 3pm");
  await page.getByTestId("chat-input").press("Enter");
  await page.getByTestId("chat-input").press("Tab");

  const status = page.getByTestId("run-graph");
  let pauses = 0;
  for (let i = 0; i < 40; i++) {
    const continueButton = page.getByTestId("step-continue");
    await expect(continueButton.or(status.and(page.locator('[data-run-status="ok"]')))).toBeVisible({ timeout: 15_000 });
    if (!(await continueButton.isVisible())) break;
    await expect(page.locator('.react-flow__node[data-state="paused"]')).toHaveCount(1);
    const hold = await continueButton.getAttribute("data-hold");
    pauses += 1;
    expect(hold).toBe(String(pauses));
    // Space continues when not typing; every other hold with the button, as a mouse user would.
    if (i % 2 === 0) await page.keyboard.press(" ");
    else await continueButton.click();
    await expect(page.locator(`[data-testid="step-continue"][data-hold="${hold}"]`)).toHaveCount(0);
  }
  expect(pauses).toBeGreaterThanOrEqual(3);
  await expect(status).toHaveAttribute("data-run-status", "ok");
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').last()).toHaveText(/Court A/);
});
