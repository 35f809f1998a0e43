using CallbackPortal.Audit;
using CallbackPortal.ClickToCall;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.ClickToCall;

/// <summary>Saving groups: every field checked, numbers normalized, each save audited.</summary>
[Collection(PortalCollection.Name)]
public sealed class ClickToCallGroupsTests(SharedPortal portal)
{
    private ClickToCallGroups Groups => portal.Host.Services.GetRequiredService<ClickToCallGroups>();

    [Fact]
    public async Task EveryBadFieldIsReportedAndNothingIsStored()
    {
        var (taken, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        var number = ClickToCallFixture.Numbers(1)[0];
        var form = new ClickToCallGroupForm
        {
            Key = "Not A Key",
            Name = " ",
            Numbers = [number, "+1 " + number[2..], "+4471", "12025550100", taken.Numbers[0]],
            AccessCodeDigits = 3,
            ReservationSeconds = 10,
            TargetServiceId = Guid.NewGuid(),
        };

        var saved = await Groups.SaveAsync(ClickToCallFixture.Admin, form, CancellationToken.None);

        Assert.Null(saved.Group);
        Assert.Equal(["AccessCodeDigits", "Key", "Name", "Numbers", "ReservationSeconds", "TargetServiceId"], saved.Errors.Keys.Order());
        var numbers = string.Join(" | ", saved.Errors["Numbers"]);
        Assert.Contains("listed twice", numbers);
        Assert.Contains("'+4471'", numbers);
        Assert.Contains("'12025550100'", numbers);
        Assert.DoesNotContain(taken.Key, numbers); // other errors first: the cross-group check runs on a clean list only
        form.Key = taken.Key;
        form.Numbers = [taken.Numbers[0]];
        var clash = await Groups.SaveAsync(ClickToCallFixture.Admin, form, CancellationToken.None);
        Assert.Contains("is taken", clash.Errors["Key"].Single());
        Assert.Contains(taken.Key, clash.Errors["Numbers"].Single());
    }

    [Fact]
    public async Task ASaveNormalizesTheNumbersAndIsAudited()
    {
        var (group, service) = await ClickToCallFixture.GroupAsync(portal.Host, 2);
        var form = ClickToCallGroupForm.Of(group);
        var added = ClickToCallFixture.Numbers(1)[0];
        form.Numbers.Add($"+1 ({added[2..5]}) {added[5..8]}-{added[8..]}");
        form.ReservationSeconds = 120;

        var saved = await Groups.SaveAsync(ClickToCallFixture.Admin, form, CancellationToken.None);
        var stale = await Groups.SaveAsync(ClickToCallFixture.Admin, form, CancellationToken.None);

        Assert.Empty(saved.Errors);
        Assert.Equal([.. group.Numbers, added], saved.Group!.Numbers);
        Assert.Contains("Version", stale.Errors.Keys);
        await using var db = await ApiServices.DbAsync(portal.Host);
        var entries = await db.AuditEntries.Where(e => e.Area == AuditAreas.ClickToCall && e.Target == group.Key).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditActions.Created, AuditActions.Updated], entries.Select(e => e.Action));
        Assert.Contains("ReservationSeconds", entries[1].Changes, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(service.Id, entries[1].ServiceId);
    }
}
