namespace CallbackPortal.Privacy;

/// <summary>How many records of each kind hold one number's personal data (a preview), or had it (an erasure).</summary>
public sealed record ErasureCounts(
    int Callbacks,
    int OpenCallbacks,
    int DialAttempts,
    int TimelineEntries,
    int PushSubscriptions,
    int ClickToCallReservations,
    int IdempotencyRecords,
    int ErrorLogEntries,
    int ExportFiles)
{
    public int Total => Callbacks + DialAttempts + TimelineEntries + PushSubscriptions + ClickToCallReservations + IdempotencyRecords + ErrorLogEntries + ExportFiles;

    /// <summary>Each kind in words, in the order the page lists them (open callbacks are part of the callbacks, shown apart).</summary>
    public IReadOnlyList<(string Kind, int Count)> Lines =>
    [
        ("Callbacks (kept for statistics, personal fields replaced)", Callbacks),
        ("… of them open, cancelled first (so nothing dials the number)", OpenCallbacks),
        ("Dial attempts to the number", DialAttempts),
        ("Timeline entries with the number or the agent's notes", TimelineEntries),
        ("Push subscriptions of those callbacks (deleted)", PushSubscriptions),
        ("Click-to-call reservations from the number (deleted)", ClickToCallReservations),
        ("Idempotency records of those callbacks' requests (deleted)", IdempotencyRecords),
        ("API error log entries naming the number", ErrorLogEntries),
        ("Callback list export files mentioning them (deleted)", ExportFiles),
    ];
}

/// <summary>What an erasure would do: the number as read, and what holds it; a blocker says why it cannot run now.</summary>
public sealed record ErasurePreview(string Number, string Masked, ErasureCounts Counts, string? Blocker);

/// <summary>What an erasure did, and the audit entry that records it.</summary>
public sealed record ErasureReport(string Masked, ErasureCounts Counts, long AuditEntryId);
