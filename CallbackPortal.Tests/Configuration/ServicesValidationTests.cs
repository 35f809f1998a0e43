using CallbackPortal.Services;
using CallbackPortal.Tests.Services;
using CallbackPortal.Widget;

namespace CallbackPortal.Tests.Configuration;

/// <summary>Every refusal of the service editor, at its field, with a message that says what to do; nothing stored.</summary>
public sealed class ServicesValidationTests : IAsyncLifetime
{
    private ServicesHarness harness = default!;

    public async Task InitializeAsync() => harness = await ServicesHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task ClosingBeforeOpeningIsRefusedAtItsDay()
    {
        var errors = await RefusedAsync(f => f.Schedule.Weekly.Add(new(DayOfWeek.Wednesday, At.Time("17:00"), At.Time("09:00"))));

        Assert.Equal(["Schedule.Weekly.Wednesday"], errors.Keys);
        Assert.Contains("the start must be before the end", errors["Schedule.Weekly.Wednesday"][0]);
    }

    [Fact]
    public async Task OverlappingOpeningsAreRefused()
    {
        var errors = await RefusedAsync(f => f.Schedule.Weekly.Add(new(DayOfWeek.Monday, At.Time("16:00"), At.Time("18:00"))));

        Assert.Equal("Monday 09:00–17:00 overlaps 16:00–18:00.", Assert.Single(errors["Schedule.Weekly.Monday"]));
    }

    [Fact]
    public async Task AnUnknownTimeZoneIsRefused()
    {
        var errors = await RefusedAsync(f => f.Schedule.TimeZone = "Mars/Olympus_Mons");

        Assert.StartsWith("Unknown time zone 'Mars/Olympus_Mons'", Assert.Single(errors["Schedule.TimeZone"]));
    }

    [Theory]
    [InlineData(25, "does not divide the day")]
    [InlineData(7, "does not divide the day")]
    [InlineData(0, "does not divide the day")]
    [InlineData(45, "is not offered")]
    public async Task ASlotLengthThatDoesNotDivideTheDayIsRefused(int minutes, string message)
    {
        var errors = await RefusedAsync(f => f.Capacity.SlotMinutes = minutes);

        Assert.Contains(message, Assert.Single(errors["Capacity.SlotMinutes"]));
    }

    [Fact]
    public async Task NegativeCapacityIsRefusedWhereverItIs()
    {
        var errors = await RefusedAsync(f =>
        {
            f.Capacity.DefaultCapacity = -1;
            f.Capacity.WeeklyOverrides.Add(new(DayOfWeek.Tuesday, At.Time("09:15"), -3));
            f.Capacity.DatedExceptions.Add(new(At.Date("2026-12-24"), At.Time("10:00"), -5));
        });

        Assert.Contains("cannot be negative", Assert.Single(errors["Capacity.DefaultCapacity"]));
        Assert.Equal("Tuesday 09:15: a capacity cannot be negative (use 0 to take no bookings).", Assert.Single(errors["Capacity.WeeklyOverrides"]));
        Assert.StartsWith("2026-12-24 10:00", Assert.Single(errors["Capacity.DatedExceptions"]));
    }

    [Fact]
    public async Task ACapacityOffTheSlotGridIsRefused()
    {
        var errors = await RefusedAsync(f => f.Capacity.WeeklyOverrides.Add(new(DayOfWeek.Friday, At.Time("09:10"), 3)));

        Assert.Equal("Friday 09:10 is not the start of a 15-minute slot, so it would never apply.", Assert.Single(errors["Capacity.WeeklyOverrides"]));
    }

    [Theory]
    [InlineData("Support")]
    [InlineData("sales_emea")]
    [InlineData("-sales")]
    [InlineData("sales--emea")]
    [InlineData("sales-")]
    [InlineData("")]
    [InlineData("ventes-é")]
    public async Task ABadKeyIsRefused(string key)
    {
        var errors = await RefusedAsync(f => f.Key = key);

        Assert.Contains("lower-case letters, digits and single dashes", Assert.Single(errors["Key"]));
    }

    [Theory]
    [InlineData("12025550100")]
    [InlineData("+1 202 555 0100")]
    [InlineData("+0123456789")]
    [InlineData("+1202")]
    [InlineData("+4412345678901234")]
    public async Task ABadCallerIdIsRefused(string callerId)
    {
        var errors = await RefusedAsync(f => f.CallerId = callerId);

        Assert.Contains("E.164", Assert.Single(errors["CallerId"]));
    }

    [Theory]
    [InlineData("{ \"title\": \"Call me\", \"inputs\": [ ", "not valid JSON (line 1")]
    [InlineData("{ \"title\": \"Call me\", \"inputs\": [ { \"id\": \"p\", \"name\": \"phoneNumber\", \"type\": \"Tel\", \"lable\": \"Phone\" } ] }", "Unknown field at $.inputs[0].lable")]
    [InlineData("{ \"title\": \"Call me\", \"inputs\": [ { \"id\": \"p\", \"name\": \"phoneNumber\", \"type\": \"Radio\" } ] }", "The value at $.inputs[0].type")]
    [InlineData("{ \"title\": \"Call me\", \"inputs\": [ { \"id\": \"n\", \"name\": \"notes\", \"label\": \"Notes\" } ] }", "named \"phoneNumber\"")]
    [InlineData("", "empty")]
    [InlineData("[]", "must be a JSON object")]
    public async Task AConsumerFormThatIsNotAFormIsRefused(string json, string message)
    {
        var errors = await RefusedAsync(f => f.FormJson = json);

        Assert.Contains(errors["FormJson"], m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AConsumerFormIsCheckedByTheWidgetFormsOwnRules()
    {
        var form = WidgetForm.Default();
        form.Inputs.Add(new FormInput { Id = "cb-topic", Name = "topic", Type = FormInputType.Select, Label = "Topic" });
        form.Inputs.Add(new FormInput { Id = "cb-phone", Name = "order", Label = "Order", Pattern = "([0-9]+" });

        var errors = await RefusedAsync(f => f.FormJson = form.ToJson());

        Assert.Equal(form.Validate(), errors["FormJson"]);
        Assert.Contains(errors["FormJson"], m => m.Contains("a select needs 1 to", StringComparison.Ordinal));
        Assert.Contains(errors["FormJson"], m => m.Contains("the pattern is not a regular expression", StringComparison.Ordinal));
        Assert.Contains(errors["FormJson"], m => m.Contains("The id 'cb-phone' is used by 2 inputs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConflictingWaitBoundsAreRefusedAtBothFields()
    {
        var errors = await RefusedAsync(f => (f.ImmediateMinEwtSeconds, f.ImmediateMaxEwtSeconds) = (600, 60));

        Assert.Equal(errors["ImmediateMinEwtSeconds"], errors["ImmediateMaxEwtSeconds"]);
        Assert.Contains("above the highest", errors["ImmediateMinEwtSeconds"][0]);
    }

    [Theory]
    [InlineData(nameof(ServiceForm.MaxDialAttempts), 0)]
    [InlineData(nameof(ServiceForm.RingTimeoutSeconds), 1000)]
    [InlineData(nameof(ServiceForm.HorizonDays), 0)]
    [InlineData(nameof(ServiceForm.MaxQueued), -5)]
    [InlineData(nameof(ServiceForm.PreviewMaxRejects), 0)]
    public async Task ADialPolicyNumberOutOfRangeIsRefused(string field, int value)
    {
        var errors = await RefusedAsync(f => typeof(ServiceForm).GetProperty(field)!.SetValue(f, value));

        Assert.StartsWith("Between ", Assert.Single(errors[field]));
    }

    [Fact]
    public async Task AnUnknownCountryOrLanguageIsRefused()
    {
        var errors = await RefusedAsync(f => (f.DefaultCountry, f.Language) = ("XX", "klingon"));

        Assert.Equal(["DefaultCountry", "Language"], errors.Keys.Order());
    }

    [Fact]
    public void TheStockFormAndTheDefaultsAreValid()
    {
        Assert.Empty(WidgetForm.Default().Validate());
        Assert.Empty(CapacityPlan.Problems(new CapacityPlan()));
        var form = ServicesHarness.NewForm("support");
        Assert.Empty(ServiceFormRules.Validate(form, out var parsed));
        Assert.NotNull(parsed);
        Assert.Contains(ServiceChoices.Countries, c => c.Value == "DE" && c.Text == "Germany (DE)");
        Assert.Contains(ServiceChoices.TimeZones(DateTimeOffset.UtcNow), z => z.Value == "America/New_York");
    }

    /// <summary>Creates a valid service changed by <paramref name="change"/>; asserts it was refused and nothing stored.</summary>
    private async Task<IReadOnlyDictionary<string, string[]>> RefusedAsync(Action<ServiceForm> change)
    {
        var form = ServicesHarness.NewForm("support");
        change(form);
        var result = await harness.Editor.CreateAsync(ServicesHarness.Administrator, form, CancellationToken.None);
        Assert.False(result.Saved);
        await using var db = harness.Database.CreateDbContext();
        Assert.Empty(db.CallbackServices);
        Assert.Empty(db.AuditEntries);
        return result.Errors;
    }
}
