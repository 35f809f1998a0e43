using System.ComponentModel;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.PublicApi;

namespace CallbackPortal.Privacy;

/// <summary>Body of <c>POST /api/v1/privacy/erasure</c>.</summary>
public sealed record ErasureBody(
    [property: Description("The number whose personal data is erased, with its country code (+44…)")] string? PhoneNumber,
    [property: Description("true: only count what would be erased")] bool DryRun = false);

/// <summary>What an erasure did (or, for a dry run, would do), per kind of record; never the number in clear.</summary>
public sealed record ErasureView(string Number, bool Erased, IReadOnlyDictionary<string, int> Counts, long? AuditEntryId, string? Blocker);

/// <summary>The erasure for a CRM or ticketing system that handles data-subject requests (an API key with the privacy scope).</summary>
public static class ErasureEndpoint
{
    public const string Path = "/privacy/erasure";

    public static RouteGroupBuilder MapErasureEndpoint(this RouteGroupBuilder api)
    {
        api.MapPost(Path, EraseAsync)
            .RequireApiKey(ApiKeyScopes.Privacy)
            .WithName("ErasePersonalData").WithSummary("Erase a consumer's personal data by phone number (API key with the privacy scope)")
            .Accepts<ErasureBody>("application/json")
            .Produces<ErasureView>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409);
        return api;
    }

    private static async Task<IResult> EraseAsync(HttpRequest request, PersonalDataErasure erasure, CancellationToken ct)
    {
        try
        {
            var body = (await JsonBody.ReadAsync<ErasureBody>(request, ct)).Value;
            var eraser = Eraser.ForApiKey((ApiKey)request.HttpContext.Items[ApiKeyAuthentication.CallerItemKey]!);
            if (body.DryRun)
            {
                var preview = await erasure.PreviewAsync(eraser, body.PhoneNumber, ct);
                return Results.Json(new ErasureView(preview.Masked, false, ByKind(preview.Counts), null, preview.Blocker), JsonBody.Options);
            }
            var report = await erasure.EraseAsync(eraser, body.PhoneNumber, ct);
            return Results.Json(new ErasureView(report.Masked, true, ByKind(report.Counts), report.AuditEntryId, null), JsonBody.Options);
        }
        catch (DomainException e)
        {
            return ApiProblems.From(e);
        }
    }

    private static Dictionary<string, int> ByKind(ErasureCounts c) => new()
    {
        ["callbacks"] = c.Callbacks,
        ["cancelledFirst"] = c.OpenCallbacks,
        ["dialAttempts"] = c.DialAttempts,
        ["timelineEntries"] = c.TimelineEntries,
        ["pushSubscriptions"] = c.PushSubscriptions,
        ["clickToCallReservations"] = c.ClickToCallReservations,
        ["idempotencyRecords"] = c.IdempotencyRecords,
        ["errorLogEntries"] = c.ErrorLogEntries,
        ["exportFiles"] = c.ExportFiles,
    };
}
