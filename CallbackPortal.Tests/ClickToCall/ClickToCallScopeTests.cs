using CallbackPortal.ClickToCall;
using CallbackPortal.Data;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.ClickToCall;

/// <summary>A user limited to some services sees and changes only the groups whose calls go to one of them.</summary>
[Collection(PortalCollection.Name)]
public sealed class ClickToCallScopeTests(SharedPortal portal)
{
    private ClickToCallGroups Groups => portal.Host.Services.GetRequiredService<ClickToCallGroups>();

    [Fact]
    public async Task ALimitedUserListsOnlyTheirGroupsAndTheirRecords()
    {
        var (mine, myService) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        var (theirs, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        using var consumer = portal.Host.NewClient();
        var myReservation = await ApiServices.JsonAsync(await ClickToCallFixture.RequestAsync(consumer.Http, mine));
        await ApiServices.JsonAsync(await ClickToCallFixture.RequestAsync(consumer.Http, theirs));
        var limited = LimitedUser.Actor(myService.Id);
        var records = portal.Host.Services.GetRequiredService<ClickToCallRecords>();

        var groups = await Groups.ListAsync(limited, CancellationToken.None);
        var targets = await Groups.TargetServicesAsync(limited, CancellationToken.None);
        var listed = await records.ListAsync(limited, null, null, CancellationToken.None);
        var everything = await Groups.ListAsync(ClickToCallFixture.Admin, CancellationToken.None);

        Assert.Equal([mine.Id], groups.Select(g => g.Id));
        Assert.Equal([myService.Id], targets.Select(t => t.Id));
        Assert.Equal([myReservation.GetProperty("id").GetGuid()], listed.Select(r => r.Id));
        Assert.Contains(everything, g => g.Id == theirs.Id);
    }

    [Fact]
    public async Task ALimitedUserIsRefusedChangingAnotherServicesGroupOrSendingCallsToIt()
    {
        var (mine, myService) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        var (theirs, theirService) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        var limited = LimitedUser.Actor(myService.Id);
        var renamed = ClickToCallGroupForm.Of(theirs);
        renamed.Name = "Taken over";
        var moved = ClickToCallGroupForm.Of(mine);
        moved.TargetServiceId = theirService.Id;
        var added = new ClickToCallGroupForm
        {
            Key = "c2c-" + Guid.NewGuid().ToString("N")[..10], Name = "Sneaky", Numbers = ClickToCallFixture.Numbers(1), TargetServiceId = theirService.Id,
        };

        var renaming = await Groups.SaveAsync(limited, renamed, CancellationToken.None);
        var moving = await Groups.SaveAsync(limited, moved, CancellationToken.None);
        var adding = await Groups.SaveAsync(limited, added, CancellationToken.None);
        var ownEdit = ClickToCallGroupForm.Of(mine);
        ownEdit.Name = "Mine still";
        var editing = await Groups.SaveAsync(limited, ownEdit, CancellationToken.None);

        Assert.Equal(ClickToCallGroups.NotAllowed, renaming.Errors["Id"].Single());
        Assert.Contains("services you are allowed", moving.Errors["TargetServiceId"].Single());
        Assert.Contains("services you are allowed", adding.Errors["TargetServiceId"].Single());
        Assert.Empty(editing.Errors);
        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.ClickToCallGroups.AsNoTracking().Where(g => g.Id == mine.Id || g.Id == theirs.Id).ToDictionaryAsync(g => g.Id);
        Assert.Equal(("App support", "Mine still", myService.Id), (stored[theirs.Id].Name, stored[mine.Id].Name, stored[mine.Id].TargetServiceId));
        Assert.False(await db.ClickToCallGroups.AnyAsync(g => g.Key == added.Key));
    }
}
