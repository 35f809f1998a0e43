using System.Globalization;
using System.Security.Cryptography;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.ClickToCall;

/// <summary>What an app asks for: a number of the group to call, for the user's context.</summary>
public sealed record ReservationRequest(string? Group, string? FromPhoneNumber = null, IReadOnlyDictionary<string, string>? UserData = null);

/// <summary>A matched call's context, as the IVR gets it.</summary>
public sealed record MatchedReservation(Guid Id, string Group, string TargetService, string? FromPhoneNumber, IReadOnlyDictionary<string, string> UserData,
    DateTimeOffset CreatedAt);

/// <summary>
/// Hands out access numbers and matches incoming calls to them. Both run in one write transaction behind the app's
/// <see cref="WriteGate"/> (as <see cref="CallbackIntake"/> does), so concurrent requests never hold one number twice,
/// never share a live code within a group, and two IVR calls can never consume the same reservation.
/// </summary>
public sealed class ClickToCallReservations(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, WriteGate writeGate)
{
    /// <summary>
    /// On PostgreSQL the reservations, matches and group saves of every node take turns (<see cref="DatabaseLocks"/>): numbers
    /// are unique across groups and codes may be matched without a group, so one turn covers the whole pool.
    /// </summary>
    public const string LockScope = "click-to-call";

    public async Task<ClickToCallReservation> ReserveAsync(ReservationRequest request, CancellationToken ct)
    {
        var (from, userData) = Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = request.Group!.Trim();
        var group = await db.ClickToCallGroups.AsNoTracking().SingleOrDefaultAsync(g => g.Key == key && g.Enabled, ct)
            ?? throw new DomainException("unknown-group", $"There is no click-to-call group '{Clip(key)}' taking requests.");
        await db.Database.OpenConnectionAsync(ct);

        using var turn = await writeGate.EnterAsync(ct);
        // From here to the commit nothing awaits, as in CallbackIntake: the write lock is held briefly.
        using var transaction = db.Database.BeginTransaction();
        db.TakeTurn(LockScope, "pool");
        var now = clock.GetUtcNow();
        var numbers = group.Numbers;
        var held = db.ClickToCallReservations.AsNoTracking()
            .Where(r => numbers.Contains(r.ToPhoneNumber) && r.MatchedAt == null && r.ExpiresAt > now)
            .Select(r => new { r.ToPhoneNumber, r.ExpiresAt }).ToList();
        var free = numbers.Except(held.Select(h => h.ToPhoneNumber)).ToList();
        if (free.Count == 0)
        {
            var soonest = held.Count > 0 ? held.Min(h => h.ExpiresAt) - now : TimeSpan.FromSeconds(group.ReservationSeconds);
            throw new DomainException("pool-exhausted", "Every access number of this group is reserved; try again shortly.") { RetryAfter = soonest };
        }
        var reservation = new ClickToCallReservation
        {
            Id = Guid.NewGuid(),
            GroupId = group.Id,
            ToPhoneNumber = Pick(db, group, free),
            AccessCode = group.AccessCodeDigits > 0 ? NewCode(group.AccessCodeDigits, LiveCodes(db, group.Id, now)) : null,
            FromPhoneNumber = from,
            UserData = userData,
            CreatedAt = now,
            ExpiresAt = now.AddSeconds(group.ReservationSeconds),
        };
        db.ClickToCallReservations.Add(reservation);
        db.SaveChanges();
        transaction.Commit();
        return reservation;
    }

    /// <summary>
    /// Finds the live reservation of the call and consumes it. By code: the live reservation with that code (on the dialed
    /// number when given). By number: the live reservation of the dialed number; when it named the caller's number the ANI
    /// must be that number, and a reservation with an access code but no caller's number matches only by its code.
    /// </summary>
    public async Task<MatchedReservation> MatchAsync(string? dnis, string? ani, string? accessCode, CancellationToken ct)
    {
        var (to, from, code) = ValidateMatch(dnis, ani, accessCode);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        using var turn = await writeGate.EnterAsync(ct);
        using var transaction = db.Database.BeginTransaction();
        db.TakeTurn(LockScope, "pool");
        var now = clock.GetUtcNow();
        var live = db.ClickToCallReservations.Where(r => r.MatchedAt == null && r.ExpiresAt > now);
        var candidates = code is not null
            ? live.Where(r => r.AccessCode == code && (to == null || r.ToPhoneNumber == to)).Take(2).ToList()
            : live.Where(r => r.ToPhoneNumber == to).Take(2).ToList()
                .Where(r => r.FromPhoneNumber is null ? r.AccessCode is null : r.FromPhoneNumber == from).ToList();
        if (candidates.Count != 1)
        {
            // Two groups can hand out the same code: without the dialed number such a call cannot be told apart.
            throw new DomainException("no-match", candidates.Count == 0
                ? "No live reservation matches this call (it may have expired or been matched already)."
                : "Several live reservations have this access code; send the dialed number (dnis) too.");
        }
        var reservation = candidates[0];
        reservation.MatchedAt = now;
        reservation.MatchedBy = code is not null ? MatchedBy.Code : MatchedBy.Number;
        db.SaveChanges();
        var context = db.ClickToCallGroups.AsNoTracking().Where(g => g.Id == reservation.GroupId)
            .Join(db.CallbackServices, g => g.TargetServiceId, s => s.Id, (g, s) => new { Group = g.Key, Service = s.Key }).Single();
        transaction.Commit();
        return new MatchedReservation(reservation.Id, context.Group, context.Service, reservation.FromPhoneNumber, reservation.UserData, reservation.CreatedAt);
    }

    private static string Pick(AppDbContext db, ClickToCallGroup group, List<string> free)
    {
        if (group.Allocation == NumberAllocation.Random)
        {
            return free[RandomNumberGenerator.GetInt32(free.Count)];
        }
        var last = db.ClickToCallReservations.AsNoTracking().Where(r => r.GroupId == group.Id)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.ToPhoneNumber).FirstOrDefault();
        var start = last is null ? 0 : group.Numbers.IndexOf(last) + 1;
        for (var i = 0; i < group.Numbers.Count; i++)
        {
            var candidate = group.Numbers[(start + i) % group.Numbers.Count];
            if (free.Contains(candidate))
            {
                return candidate;
            }
        }
        return free[0];
    }

    /// <summary>The codes of the group's live reservations (by group, not by number: a number may have left the group since).</summary>
    private static HashSet<string> LiveCodes(AppDbContext db, Guid groupId, DateTimeOffset now) =>
        [.. db.ClickToCallReservations.AsNoTracking().Where(r => r.GroupId == groupId && r.AccessCode != null && r.MatchedAt == null && r.ExpiresAt > now)
            .Select(r => r.AccessCode!)];

    /// <summary>A random code no live reservation of the group has; when most codes are taken, a random one of the free ones.</summary>
    private static string NewCode(int digits, HashSet<string> taken)
    {
        var limit = (int)Math.Pow(10, digits);
        var format = new string('0', digits);
        string Text(int value) => value.ToString(format, CultureInfo.InvariantCulture);
        if (taken.Count * 2 < limit)
        {
            // At most half are taken: each draw is free with a chance of at least 1/2.
            while (true)
            {
                var code = Text(RandomNumberGenerator.GetInt32(limit));
                if (!taken.Contains(code))
                {
                    return code;
                }
            }
        }
        var free = Enumerable.Range(0, limit).Select(Text).Where(c => !taken.Contains(c)).ToList();
        return free.Count > 0 ? free[RandomNumberGenerator.GetInt32(free.Count)]
            : throw new DomainException("pool-exhausted", "Every access code of this group is in use; try again shortly.") { RetryAfter = TimeSpan.FromSeconds(30) };
    }

    private static (string? From, Dictionary<string, string> UserData) Validate(ReservationRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Group) || request.Group.Trim().Length > 64)
        {
            errors["group"] = ["The group's key (1 to 64 characters) is required."];
        }
        string? from = null;
        if (!string.IsNullOrWhiteSpace(request.FromPhoneNumber) && (from = ClickToCallNumbers.ToE164(request.FromPhoneNumber)) is null)
        {
            errors["fromPhoneNumber"] = ["This is not a valid phone number in international format (+ and country code)."];
        }
        try
        {
            CallbackRequestValidation.Validate(new CallbackRequest(null, UserData: request.UserData));
        }
        catch (DomainException e) when (e.Errors is not null)
        {
            foreach (var (field, messages) in e.Errors)
            {
                errors[field] = messages;
            }
        }
        if (errors.Count > 0)
        {
            throw new DomainException("validation-failed", "Some fields are not valid.", errors);
        }
        return (from, request.UserData?.ToDictionary() ?? []);
    }

    private static (string? To, string? From, string? Code) ValidateMatch(string? dnis, string? ani, string? accessCode)
    {
        var errors = new Dictionary<string, string[]>();
        var to = string.IsNullOrWhiteSpace(dnis) ? null : ClickToCallNumbers.ToE164(dnis);
        if (!string.IsNullOrWhiteSpace(dnis) && to is null)
        {
            errors["dnis"] = ["This is not a valid phone number."];
        }
        var from = string.IsNullOrWhiteSpace(ani) ? null : ClickToCallNumbers.ToE164(ani);
        var code = string.IsNullOrWhiteSpace(accessCode) ? null : accessCode.Trim();
        if (code is not null && (code.Length is < 4 or > 8 || !code.All(char.IsAsciiDigit)))
        {
            errors["accessCode"] = ["An access code is 4 to 8 digits."];
        }
        if (code is null && string.IsNullOrWhiteSpace(dnis))
        {
            errors["dnis"] = ["Send the dialed number (dnis, with the caller's ani), or the accessCode."];
        }
        if (errors.Count > 0)
        {
            throw new DomainException("validation-failed", "Some parameters are not valid.", errors);
        }
        return (to, from, code);
    }

    private static string Clip(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
