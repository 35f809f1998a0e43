using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Configuration;

/// <summary>A user limited to some services neither sees nor changes the others, and cannot create new ones.</summary>
public sealed class ServicesScopeTests : IAsyncLifetime
{
    private ServicesHarness harness = default!;

    public async Task InitializeAsync() => harness = await ServicesHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task ALimitedUserListsLoadsAndSavesOnlyTheirServices()
    {
        var mine = await harness.CreateAsync("mine");
        var other = await harness.CreateAsync("other");
        var limited = ServicesHarness.LimitedTo(mine);
        var otherForm = (await harness.Editor.LoadAsync(ServicesHarness.Administrator, other, CancellationToken.None))!;
        otherForm.Name = "Taken over";

        var listed = await harness.Editor.ListAsync(limited, CancellationToken.None);
        var loaded = await harness.Editor.LoadAsync(limited, other, CancellationToken.None);
        var saved = await harness.Editor.SaveAsync(limited, other, otherForm, CancellationToken.None);
        var paused = await harness.Editor.PauseAsync(limited, other, "mine now", CancellationToken.None);
        var created = await harness.Editor.CreateAsync(limited, ServicesHarness.NewForm("third"), CancellationToken.None);
        var mineForm = (await harness.Editor.LoadAsync(limited, mine, CancellationToken.None))!;
        mineForm.Name = "Mine, renamed";
        var savedMine = await harness.Editor.SaveAsync(limited, mine, mineForm, CancellationToken.None);

        Assert.Equal(["mine"], listed.Select(s => s.Key));
        Assert.Null(loaded);
        Assert.Equal([ServiceEdits.NotAllowed], saved.Errors[""]);
        Assert.Equal(ServiceEdits.NotAllowed, paused);
        Assert.Equal([ServiceEditor.LimitedCannotCreate], created.Errors[""]);
        Assert.True(savedMine.Saved);
        await using var db = harness.Database.CreateDbContext();
        var stored = await db.CallbackServices.OrderBy(s => s.Key).ToListAsync();
        Assert.Equal(["mine", "other"], stored.Select(s => s.Key));
        Assert.Equal(("Mine, renamed", "Service other", false), (stored[0].Name, stored[1].Name, stored[1].Paused));
    }
}
