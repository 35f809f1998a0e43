using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;
using PhoneNumbers;

namespace CallbackPortal.CallbackList;

/// <summary>One line of the callback list: the fields the list can show, never the timeline or attempts.</summary>
public sealed record CallbackRow(
    Guid Id, Guid ServiceId, string ServiceName, CallbackState State, CompletionReason? Reason, string Phone,
    string? FirstName, string? LastName, string? Email, string? Notes, bool IsImmediate, DateTimeOffset DesiredTime,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, int AttemptCount, int Priority, IReadOnlyDictionary<string, string> UserData)
{
    public string Name => string.Join(' ', new[] { FirstName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));

    public bool Cancellable => CallbackStateMachine.IsCancellable(State);
}

/// <summary>A page of rows and how many match, counted up to <see cref="CallbackSearch.CountCap"/> ("10,000+").</summary>
public sealed record CallbackPage(IReadOnlyList<CallbackRow> Rows, int Count, bool CountCapped, string? Problem = null)
{
    public static CallbackPage Refused(string problem) => new([], 0, false, problem);

    public string CountText => CountCapped ? $"{CallbackSearch.CountCap:N0}+" : Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Turns a <see cref="CallbackFilter"/> into one query over the reader's services and reads a page of it. The count
/// stops at <see cref="CountCap"/> so that the first page stays fast however many callbacks there are.
/// </summary>
public sealed class CallbackSearch(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public const int CountCap = 10_000;
    public const int MaxPageSize = 200;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public async Task<CallbackPage> SearchAsync(ListReader reader, CallbackFilter filter, int skip, int take, CancellationToken ct)
    {
        if (filter.Problem(clock.GetUtcNow()) is { } problem)
        {
            return CallbackPage.Refused(problem);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await ServicesAsync(db, reader, ct);
        var query = Filtered(db, reader, services, filter);
        if (query is null)
        {
            return CallbackPage.Refused(PhoneProblem(filter.Phone));
        }
        var rows = await Sorted(query, filter).Skip(Math.Max(skip, 0)).Take(Math.Clamp(take, 1, MaxPageSize)).Select(Projection).ToListAsync(ct);
        var count = await query.Take(CountCap + 1).CountAsync(ct);
        return new CallbackPage([.. rows.Select(r => Shown(r, services, reader))], Math.Min(count, CountCap), count > CountCap);
    }

    /// <summary>The exact number of matches (for a confirmation; may take a moment on a wide range).</summary>
    public async Task<int> CountAsync(ListReader reader, CallbackFilter filter, CancellationToken ct)
    {
        if (filter.Problem(clock.GetUtcNow()) is not null)
        {
            return 0;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, reader, await ServicesAsync(db, reader, ct), filter);
        return query is null ? 0 : await query.CountAsync(ct);
    }

    /// <summary>
    /// Every match in batches of <paramref name="batchSize"/>, oldest desired time first, read by key (desired time, id)
    /// so that a million rows are never held at once and rows changed between batches are neither skipped nor repeated.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<CallbackRow>> BatchesAsync(ListReader reader, CallbackFilter filter, int batchSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (filter.Problem(clock.GetUtcNow()) is not null)
        {
            yield break;
        }
        Dictionary<Guid, CallbackService> services;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            services = await ServicesAsync(db, reader, ct);
        }
        (long Time, Guid Id)? after = null;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var query = Filtered(db, reader, services, filter);
            if (query is null)
            {
                yield break;
            }
            if (after is { } key)
            {
                var time = new DateTimeOffset(key.Time, TimeSpan.Zero);
                query = query.Where(c => c.DesiredTime > time || (c.DesiredTime == time && c.Id.CompareTo(key.Id) > 0));
            }
            var rows = await query.OrderBy(c => c.DesiredTime).ThenBy(c => c.Id).Take(batchSize).Select(Projection).ToListAsync(ct);
            if (rows.Count == 0)
            {
                yield break;
            }
            yield return [.. rows.Select(r => Shown(r, services, reader))];
            after = (rows[^1].DesiredTime.UtcTicks, rows[^1].Id);
        }
    }

    /// <summary>The rows of <paramref name="ids"/> the reader may see (a selection or a page), by id.</summary>
    public async Task<Dictionary<Guid, CallbackRow>> RowsAsync(ListReader reader, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await ServicesAsync(db, reader, ct);
        var visible = services.Keys.ToList();
        var wanted = ids.Distinct().ToList();
        var rows = await db.Callbacks.AsNoTracking().Where(c => wanted.Contains(c.Id) && visible.Contains(c.ServiceId)).Select(Projection).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => Shown(r, services, reader));
    }

    /// <summary>A callback's state as the list words it ("Completed (AgentConnected)"), or null when it is gone.</summary>
    public async Task<string?> StateAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = await db.Callbacks.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.State, c.Reason }).SingleOrDefaultAsync(ct);
        return now is null ? null : now.Reason is { } reason ? $"{now.State} ({reason})" : now.State.ToString();
    }

    public async Task<string?> ServiceKeyAsync(Guid serviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CallbackServices.Where(s => s.Id == serviceId).Select(s => s.Key).SingleOrDefaultAsync(ct);
    }

    /// <summary>The services the reader may see, by name (for the filter and the new-callback form).</summary>
    public async Task<IReadOnlyList<(Guid Id, string Key, string Name)>> ServiceChoicesAsync(ListReader reader, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await reader.Actor.Scope.Filter(db.CallbackServices.AsNoTracking()).OrderBy(s => s.Name).Select(s => new { s.Id, s.Key, s.Name }).ToListAsync(ct);
        return [.. services.Select(s => (s.Id, s.Key, s.Name))];
    }

    /// <summary>The services the reader may see, by id (a small table: names are filled in from here, not joined per row).</summary>
    public static async Task<Dictionary<Guid, CallbackService>> ServicesAsync(AppDbContext db, ListReader reader, CancellationToken ct) =>
        await reader.Actor.Scope.Filter(db.CallbackServices.AsNoTracking()).ToDictionaryAsync(s => s.Id, ct);

    /// <summary>The filter as one query over the visible services, or null when the phone number cannot be read.</summary>
    private IQueryable<Callback>? Filtered(AppDbContext db, ListReader reader, Dictionary<Guid, CallbackService> visible, CallbackFilter filter)
    {
        var serviceIds = filter.Services.Count == 0 ? visible.Keys.ToList() : [.. filter.Services.Where(visible.ContainsKey).Distinct()];
        var query = db.Callbacks.AsNoTracking();
        // Unlimited readers with no service chosen need no service condition at all (it would only cost the planner).
        if (filter.Services.Count > 0 || reader.Actor.Scope.IsLimited)
        {
            query = query.Where(c => serviceIds.Contains(c.ServiceId));
        }
        var range = filter.Range(clock.GetUtcNow());
        if (range.From is { } from)
        {
            query = query.Where(c => c.DesiredTime >= from);
        }
        if (range.To is { } to)
        {
            query = query.Where(c => c.DesiredTime < to);
        }
        // A reason implies Completed: "Queued + TimedOut" means queued ones and those that timed out, and the reason
        // alone picks its index (reason, desired time).
        var states = filter.Reasons.Count > 0 ? [.. filter.States.Where(s => s != CallbackState.Completed)] : filter.States.ToList();
        var reasons = filter.Reasons.Select(r => (CompletionReason?)r).ToList();
        query = (states.Count, reasons.Count) switch
        {
            (0, 0) => query,
            (_, 0) => query.Where(c => states.Contains(c.State)),
            (0, _) => query.Where(c => reasons.Contains(c.Reason)),
            _ => query.Where(c => states.Contains(c.State) || reasons.Contains(c.Reason)),
        };
        if (!string.IsNullOrWhiteSpace(filter.Phone))
        {
            var numbers = Normalised(filter.Phone, serviceIds.Select(id => visible[id].DefaultCountry));
            if (numbers.Count == 0)
            {
                return null;
            }
            query = query.Where(c => numbers.Contains(c.PhoneNumber));
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var pattern = "%" + filter.Text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(c => EF.Functions.Like(c.FirstName, pattern, "\\") || EF.Functions.Like(c.LastName, pattern, "\\")
                || EF.Functions.Like(c.Email, pattern, "\\") || EF.Functions.Like(c.Notes, pattern, "\\"));
        }
        return query;
    }

    /// <summary>The E.164 forms of what was typed, read with each service's default country as the rules read a request's number.</summary>
    public static IReadOnlyList<string> Normalised(string input, IEnumerable<string> countries)
    {
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var country in countries.Append("ZZ").Distinct())
        {
            try
            {
                var number = Util.Parse(input.Trim(), country.Trim().ToUpperInvariant());
                if (Util.IsPossibleNumber(number))
                {
                    numbers.Add(Util.Format(number, PhoneNumberFormat.E164));
                }
            }
            catch (NumberParseException)
            {
                // Not a number in this country's plan; another service's may still read it.
            }
        }
        return [.. numbers];
    }

    private static string PhoneProblem(string? phone) => $"'{phone}' is not a phone number any of the chosen services could call.";

    private static IQueryable<Callback> Sorted(IQueryable<Callback> query, CallbackFilter filter) => (filter.Sort, filter.Descending) switch
    {
        (CallbackSort.CreatedAt, false) => query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
        (CallbackSort.CreatedAt, true) => query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
        (CallbackSort.CompletedAt, false) => query.OrderBy(c => c.CompletedAt).ThenBy(c => c.Id),
        (CallbackSort.CompletedAt, true) => query.OrderByDescending(c => c.CompletedAt).ThenByDescending(c => c.Id),
        (CallbackSort.State, false) => query.OrderBy(c => c.State).ThenBy(c => c.DesiredTime).ThenBy(c => c.Id),
        (CallbackSort.State, true) => query.OrderByDescending(c => c.State).ThenByDescending(c => c.DesiredTime).ThenByDescending(c => c.Id),
        (CallbackSort.Name, false) => query.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id),
        (CallbackSort.Name, true) => query.OrderByDescending(c => c.LastName).ThenByDescending(c => c.FirstName).ThenByDescending(c => c.Id),
        (CallbackSort.Phone, false) => query.OrderBy(c => c.PhoneNumber).ThenBy(c => c.Id),
        (CallbackSort.Phone, true) => query.OrderByDescending(c => c.PhoneNumber).ThenByDescending(c => c.Id),
        (CallbackSort.Attempts, false) => query.OrderBy(c => c.AttemptCount).ThenBy(c => c.DesiredTime).ThenBy(c => c.Id),
        (CallbackSort.Attempts, true) => query.OrderByDescending(c => c.AttemptCount).ThenByDescending(c => c.DesiredTime).ThenByDescending(c => c.Id),
        (_, false) => query.OrderBy(c => c.DesiredTime).ThenBy(c => c.Id),
        (_, true) => query.OrderByDescending(c => c.DesiredTime).ThenByDescending(c => c.Id),
    };

    private static readonly System.Linq.Expressions.Expression<Func<Callback, CallbackRow>> Projection = c => new CallbackRow(
        c.Id, c.ServiceId, "", c.State, c.Reason, c.PhoneNumber, c.FirstName, c.LastName, c.Email, c.Notes, c.IsImmediate, c.DesiredTime,
        c.CreatedAt, c.CompletedAt, c.AttemptCount, c.Priority, c.UserData);

    private static CallbackRow Shown(CallbackRow row, Dictionary<Guid, CallbackService> services, ListReader reader) => row with
    {
        ServiceName = services.TryGetValue(row.ServiceId, out var service) ? service.Name : "",
        Phone = reader.Phone(row.Phone),
    };
}
