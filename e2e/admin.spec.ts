import { test, expect, snap } from "./fixtures";

test("rooms admin: field errors from the form and from the server, nothing typed is lost, then the room is saved", async ({
  adminPage: page,
  rooms,
  uid,
}) => {
  const name = `Vergaderzaal ${uid}`;
  rooms.adopt(name);
  await page.goto("/rooms");
  await page.getByRole("button", { name: "Add room" }).click();
  const form = page.getByTestId("rooms-form");

  // Checked in the browser with the server's schema: an empty name and a capacity of 0.
  await form.getByLabel("Name").fill("");
  await form.getByLabel("Capacity").fill("0");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Not saved: check the fields marked in red.");
  await expect(form.locator("#rooms-name-error")).toHaveText("Required");
  await expect(form.locator("#rooms-capacity-error")).toHaveText("Enter a whole number from 1 to 10000");
  await expect(form.getByLabel("Capacity")).toHaveAttribute("aria-invalid", "true");

  // Only the server knows names are unique: its answer lands on the Name field.
  await form.getByLabel("Name").fill("Zaal Amstel");
  await form.getByLabel("Capacity").fill("12");
  await form.getByLabel("Building").fill("Keizersgracht 12");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.locator("#rooms-name-error")).toHaveText("A room named “Zaal Amstel” already exists");
  await expect(form.getByLabel("Building")).toHaveValue("Keizersgracht 12");
  await snap(page, "admin-room-errors");

  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Bookable from").fill("08:00");
  await form.getByLabel("Bookable until").fill("18:00");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Room saved.")).toBeVisible();
  const row = page.getByTestId("rooms-table").getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("12 people");
  await expect(row).toContainText("08:00–18:00");
  await expect(row).toContainText("Keizersgracht 12");

  // Edit opens with the stored values; the change sticks after a reload.
  await page.getByRole("button", { name: `Edit ${name}` }).click();
  await expect(form.getByLabel("Capacity")).toHaveValue("12");
  await form.getByLabel("Capacity").fill("14");
  await form.getByRole("button", { name: "Save" }).click();
  // The first save's toast may still be showing: the newest one is this save's.
  await expect(page.getByText("Room saved.").last()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("rooms-table").getByRole("row", { name: new RegExp(name) })).toContainText("14 people");
});

test("statuses admin: a cancelled status cannot block the room, said on the field, then saved", async ({
  adminPage: page,
  statuses,
  uid,
}) => {
  statuses.adopt(`Withdrawn ${uid}`);
  await page.goto("/statuses");
  await page.getByRole("button", { name: "Add status" }).click();
  const form = page.getByTestId("statuses-form");
  await form.getByLabel("Key").fill(`withdrawn-${uid}`);
  await form.getByLabel("Name (English)").fill(`Withdrawn ${uid}`);
  await form.getByLabel("Name (Dutch)").fill(`Ingetrokken ${uid}`);
  await expect(form.getByLabel("Blocks the room")).toBeChecked();
  await form.getByLabel("Is cancelled").check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.locator("#statuses-blocksRoom-error")).toHaveText(
    "A cancelled or rejected status cannot block the room",
  );
  await expect(form.getByLabel("Name (Dutch)")).toHaveValue(`Ingetrokken ${uid}`);
  await form.getByLabel("Blocks the room").uncheck();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Status saved.")).toBeVisible();
  await expect(page.getByTestId("statuses-table")).toContainText(`Ingetrokken ${uid}`);
  await snap(page, "admin-status-error");
});
