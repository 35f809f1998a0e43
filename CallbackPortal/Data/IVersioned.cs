namespace CallbackPortal.Data;

/// <summary>
/// A record edited in the portal: its version goes up on every save (in <see cref="AppDbContext"/>) and is the
/// concurrency token, so a save based on an older read is refused rather than overwriting someone else's change.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
