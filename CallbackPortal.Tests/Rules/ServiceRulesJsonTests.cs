using System.Text.Json;
using CallbackPortal.Rules;

namespace CallbackPortal.Tests.Rules;

public sealed class ServiceRulesJsonTests
{
    private static readonly JsonSerializerOptions Web = JsonSerializerOptions.Web;

    [Fact]
    public void TheDefaultsSerialiseWithEnumNames()
    {
        var json = JsonSerializer.Serialize(new ServiceRules(), Web);

        Assert.Equal(
            """{"permittedCountries":[],"allowedNumberTypes":["FixedLine","Mobile","FixedLineOrMobile","TollFree","Voip"],"blockedPatterns":[],"numberThrottle":{"limit":6,"windowSeconds":86400},"serviceThrottles":[{"limit":500,"windowSeconds":300},{"limit":1000,"windowSeconds":3600}],"keyedThrottle":null,"duplicateCheck":"Normal"}""",
            json);
    }

    [Fact]
    public void EverySettingSurvivesARoundTrip()
    {
        var rules = new ServiceRules
        {
            PermittedCountries = ["US", "CA"],
            AllowedNumberTypes = [NumberKind.Mobile, NumberKind.PremiumRate],
            BlockedPatterns = [new() { Kind = PatternKind.Wildcard, Pattern = "+1900*", Note = "premium" }, new() { Kind = PatternKind.Regex, Pattern = @"^\+1976" }],
            NumberThrottle = new ThrottleLimit(3, 3_600),
            ServiceThrottles = [new ThrottleLimit(50, 60)],
            KeyedThrottle = new KeyedThrottle { Source = ThrottleKeySource.Header, Name = "X-User-Id", Limit = 4, WindowSeconds = 600 },
            DuplicateCheck = DuplicateCheck.Strict,
        };

        var json = JsonSerializer.Serialize(rules, Web);
        var back = JsonSerializer.Deserialize<ServiceRules>(json, Web)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, Web));
        Assert.Contains("\"kind\":\"Wildcard\"", json, StringComparison.Ordinal);
        Assert.Contains("\"source\":\"Header\"", json, StringComparison.Ordinal);
        Assert.Equal(DuplicateCheck.Strict, back.DuplicateCheck);
        Assert.Equal("X-User-Id", back.KeyedThrottle?.Name);
    }

    [Fact]
    public void MissingPropertiesKeepTheirDefaults()
    {
        var rules = JsonSerializer.Deserialize<ServiceRules>("""{"duplicateCheck":"Off"}""", Web)!;

        Assert.Equal(DuplicateCheck.Off, rules.DuplicateCheck);
        Assert.Equal(ServiceRules.DefaultAllowedNumberTypes, rules.AllowedNumberTypes);
        Assert.Equal((6, 86_400), (rules.NumberThrottle.Limit, rules.NumberThrottle.WindowSeconds));
        Assert.Equal(2, rules.ServiceThrottles.Count);
    }

    [Fact]
    public void AStoredListReplacesTheDefaultListRatherThanAddingToIt()
    {
        var rules = JsonSerializer.Deserialize<ServiceRules>("""{"allowedNumberTypes":["Mobile"],"serviceThrottles":[]}""", Web)!;

        Assert.Equal([NumberKind.Mobile], rules.AllowedNumberTypes);
        Assert.Empty(rules.ServiceThrottles);
    }

    [Fact]
    public void NullsReadAsEmptyListsAndTheDefaultNumberThrottle()
    {
        var rules = JsonSerializer.Deserialize<ServiceRules>("""{"permittedCountries":null,"blockedPatterns":null,"numberThrottle":null}""", Web)!;

        Assert.Empty(rules.PermittedCountries);
        Assert.Empty(rules.BlockedPatterns);
        Assert.Equal(6, rules.NumberThrottle.Limit);
        Assert.True(Examples.Check(Examples.GbMobile, rules).Allowed);
    }
}
