using System.Text.Json;
using CallbackPortal.Lifecycle;

namespace CallbackPortal.Tests.Lifecycle;

/// <summary>What of an event's metadata is kept: the named sections only, bounded, and nothing that reads like a phone number.</summary>
public sealed class WidgetMetadataTests
{
    [Fact]
    public void OnlyTheNamedSectionsAreKeptAndErrorsAreBoundedAndMasked()
    {
        var metadata = JsonSerializer.SerializeToElement(new
        {
            flags = new { immediate = true },
            counters = new { opened = 2, phone = 2025550143L },
            elapsedMs = new { openToSubmit = 9_000_000_000L },
            timestamps = new { openedAt = "2026-11-24T10:00:00+01:00" },
            errors = Enumerable.Range(0, 25).Select(i => i == 0 ? new string('x', 300) : $"call +1 (202) 555-01{i:00} failed").ToArray(),
            userData = new { phone = "+12025550143" },
        });
        var errors = new Dictionary<string, string[]>();

        var kept = WidgetMetadata.Read(metadata, "[0].metadata", errors)!;

        Assert.Empty(errors);
        using var json = JsonDocument.Parse(kept.Json);
        var root = json.RootElement;
        Assert.Equal(["flags", "counters", "elapsedMs", "timestamps", "errors"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(WidgetMetadata.MaxCounter, root.GetProperty("counters").GetProperty("phone").GetInt64());
        Assert.Equal(WidgetMetadata.MaxElapsedMs, root.GetProperty("elapsedMs").GetProperty("openToSubmit").GetInt64());
        Assert.Equal("2026-11-24T09:00:00.000Z", root.GetProperty("timestamps").GetProperty("openedAt").GetString());
        var kept20 = root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(20, kept20.Count);
        Assert.Equal(200, kept20[0].Length);
        Assert.Equal("call ••• failed", kept20[1]);
        Assert.DoesNotContain("555", kept.Json);
    }

    [Fact]
    public void MetadataOfMoreThanFourKilobytesIsRefused()
    {
        var errors = new Dictionary<string, string[]>();

        var kept = WidgetMetadata.Read(JsonSerializer.SerializeToElement(new { errors = new[] { new string('x', 4100) } }), "[2].metadata", errors);

        Assert.Null(kept);
        Assert.Equal(["[2].metadata"], errors.Keys);
    }
}
