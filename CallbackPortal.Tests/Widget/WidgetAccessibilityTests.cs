using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Widget;

/// <summary>The widget with a keyboard only and under an automated WCAG 2.1 AA audit (axe).</summary>
[Collection(WidgetCollection.Name)]
public sealed class WidgetAccessibilityTests(WidgetPortal portal) : IClassFixture<WidgetPortal>
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    };

    [Fact]
    public async Task TheOpenFormAndTheConfirmationHaveNoAxeViolations()
    {
        var page = await portal.OpenFormAsync();
        await Assertions.Expect(page.GetByText("Robot check passed.").Or(page.GetByLabel("As soon as possible"))).Not.ToHaveCountAsync(0);

        AssertNoViolations(await page.RunAxe(Wcag21AA), "open form");

        await page.GetByLabel("Phone number").FillAsync("+1 900 555 0301");
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByLabel("Phone number")).ToHaveAttributeAsync("aria-invalid", "true");
        AssertNoViolations(await page.RunAxe(Wcag21AA), "form with an error");

        await page.GetByLabel("Phone number").FillAsync("(202) 555-0301");
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#cbw-promised")).ToBeVisibleAsync();
        AssertNoViolations(await page.RunAxe(Wcag21AA), "confirmation");
    }

    [Fact]
    public async Task AKeyboardUserOpensFillsAndClosesTheDialogAndFocusStaysInsideIt()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForFunctionAsync("() => window.CallbackWidget && CallbackWidget.sessionId");
        await page.Locator("#call-me-back").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Receive a Call" });
        await Assertions.Expect(dialog).ToHaveAttributeAsync("aria-modal", "true");
        await Assertions.Expect(page.GetByLabel("First name")).ToBeFocusedAsync();
        // Tabbing all the way round never leaves the dialog.
        for (var i = 0; i < 15; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement && document.activeElement.hasAttribute('data-callback-widget')"),
                $"focus left the dialog after {i + 1} tabs");
        }
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.hasAttribute('data-callback-widget')"));

        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#call-me-back")).ToBeFocusedAsync();
    }

    private static void AssertNoViolations(AxeResult result, string what) =>
        Assert.True(result.Violations.Length == 0, $"axe on the {what}: " + string.Join("; ", result.Violations.Select(v =>
            $"{v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
}
