using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Rules;

/// <summary>
/// "Test a number": the verdict an as-soon-as-possible request from this number would get from a service right
/// now, with every rule's explanation in order, from the same <see cref="RuleEvaluator"/> and the same counts the
/// intake uses. Reads only; nothing is stored or counted.
/// </summary>
public sealed class NumberTester(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<RuleVerdict> TestAsync(string serviceKey, string? number, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await db.CallbackServices.RequireByKeyAsync(serviceKey, ct);
        var check = RuleEvaluator.CheckNumber(number, service.DefaultCountry, service.Rules);
        if (!check.Allowed)
        {
            return check.Verdict;
        }
        var now = clock.GetUtcNow();
        var (facts, _) = IntakeFacts.Gather(db, service, new OfficeHours(service.Schedule), check, throttleKey: null, immediate: true, now, now);
        return RuleEvaluator.Evaluate(facts);
    }
}
