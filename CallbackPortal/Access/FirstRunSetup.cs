using CallbackPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Access;

/// <summary>
/// Creates the first Administrator of a new installation, exactly once. A flag row written in the same
/// transaction as the user makes a second (or concurrent) attempt fail instead of creating another administrator.
/// </summary>
public sealed class FirstRunSetup(AppDbContext db, UserAccounts accounts, TimeProvider clock)
{
    public const string CompletedFlag = "setup.completed";

    public async Task<bool> IsNeededAsync(CancellationToken ct = default) =>
        !await db.SystemFlags.AnyAsync(f => f.Key == CompletedFlag, ct) && !await db.Users.AnyAsync(ct);

    public async Task<IdentityResult> CompleteAsync(string email, string displayName, string password, CancellationToken ct = default)
    {
        if (!await IsNeededAsync(ct))
        {
            return AlreadyDone;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.SystemFlags.Add(new SystemFlag { Key = CompletedFlag, Value = email, SetAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return AlreadyDone;
        }
        var result = await accounts.CreateAsync(new NewUser(email, displayName, password, [Roles.Administrator]));
        if (result.Succeeded)
        {
            await transaction.CommitAsync(ct);
        }
        else
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
        }
        return result;
    }

    private static IdentityResult AlreadyDone => IdentityResult.Failed(new IdentityError
    {
        Code = "SetupDone",
        Description = "This installation already has an administrator.",
    });
}
