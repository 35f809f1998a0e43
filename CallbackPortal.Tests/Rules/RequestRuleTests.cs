using CallbackPortal.Rules;
using CallbackPortal.Services;

namespace CallbackPortal.Tests.Rules;

public sealed class RequestRuleTests
{
    [Theory]
    [InlineData(DuplicateCheck.Normal, 1, true)]
    [InlineData(DuplicateCheck.Normal, 2, false)]
    [InlineData(DuplicateCheck.Strict, 0, true)]
    [InlineData(DuplicateCheck.Strict, 1, false)]
    [InlineData(DuplicateCheck.Off, 50, true)]
    public void TheDuplicateCheckLimitsOpenCallbacksPerNumber(DuplicateCheck mode, int open, bool allowed)
    {
        var facts = Examples.Immediate(new ServiceRules { DuplicateCheck = mode }) with { OpenForNumber = open };

        var verdict = RuleEvaluator.Evaluate(facts);

        Assert.Equal(allowed, verdict.Allowed);
        Assert.Equal(allowed ? null : "duplicate-in-queue", verdict.Code);
    }

    [Fact]
    public void ADuplicateIsExplainedWithTheMaskedNumberAndTheMode()
    {
        var verdict = RuleEvaluator.Evaluate(Examples.Immediate() with { OpenForNumber = 2 });

        Assert.Equal(("duplicate-in-queue", "2 of 2 open"), (verdict.Rule, verdict.Value));
        Assert.Equal("Refused by duplicate check (normal): +44•••••3456 has 2 open callbacks in this service, and 2 is the most allowed.", verdict.Explanation);
    }

    [Fact]
    public void AnAsapRequestWhileClosedIsRefusedWhenTheServiceSaysSo()
    {
        var verdict = RuleEvaluator.Evaluate(Examples.Immediate() with { OpenNow = false, QueuedCount = 1_000 });

        Assert.Equal(("office-closed", "office-hours", "closed"), (verdict.Code, verdict.Rule, verdict.Value));
        Assert.Equal("Refused by office hours: the service is closed now and takes ASAP callbacks only while open.", verdict.Explanation);
    }

    [Fact]
    public void AnAsapRequestWhileClosedIsQueuedWhenTheServiceAllowsIt()
    {
        var verdict = RuleEvaluator.Evaluate(Examples.Immediate() with { OpenNow = false, RejectImmediateOutsideHours = false });

        Assert.True(verdict.Allowed);
    }

    [Theory]
    [InlineData(999, true)]
    [InlineData(1_000, false)]
    [InlineData(1_200, false)]
    public void TheWatermarkStopsAsapRequestsOnceTheQueueIsFull(int queued, bool allowed)
    {
        var verdict = RuleEvaluator.Evaluate(Examples.Immediate() with { QueuedCount = queued });

        Assert.Equal(allowed, verdict.Allowed);
        if (!allowed)
        {
            Assert.Equal(("queue-full", "watermark", $"{queued} of 1000 queued"), (verdict.Code, verdict.Rule, verdict.Value));
        }
    }

    [Theory]
    [InlineData(SlotOutcome.InPast, "validation-failed", "desired-time", "The desired time 2026-03-04 09:00 (America/New_York) has passed.")]
    [InlineData(SlotOutcome.OutsideHorizon, "outside-horizon", "horizon", "The desired time 2026-05-04 09:00 (America/New_York) is more than 30 days ahead.")]
    [InlineData(SlotOutcome.Closed, "office-closed", "office-hours", "The slot starting 2026-03-07 10:00 (America/New_York) is not within office hours.")]
    [InlineData(SlotOutcome.Full, "slot-full", "slot-capacity", "The slot starting 2026-03-05 10:15 (America/New_York) is full: 100 booked of 100.")]
    public void AScheduledRequestFollowsTheSlotVerdict(SlotOutcome outcome, string code, string rule, string slotExplanation)
    {
        var verdict = RuleEvaluator.Evaluate(Examples.Scheduled(outcome, slotExplanation));

        Assert.Equal((code, rule, "2026-03-05T15:15Z"), (verdict.Code, verdict.Rule, verdict.Value));
        Assert.Equal($"Refused by {rule.Replace('-', ' ')}: t{slotExplanation[1..]}", verdict.Explanation);
    }

    [Fact]
    public void ADesiredTimeInThePastIsAFieldError()
    {
        var verdict = RuleEvaluator.Evaluate(Examples.Scheduled(SlotOutcome.InPast, "The desired time 2026-03-04 09:00 (America/New_York) has passed."));

        Assert.NotNull(verdict.Errors);
        Assert.Equal(["The desired time 2026-03-04 09:00 (America/New_York) has passed."], verdict.Errors["desiredTime"]);
    }

    [Fact]
    public void AScheduledRequestIgnoresOfficeHoursNowAndTheWatermark()
    {
        var verdict = RuleEvaluator.Evaluate(Examples.Scheduled(SlotOutcome.Ok) with { OpenNow = false, QueuedCount = 5_000 });

        Assert.True(verdict.Allowed);
        Assert.DoesNotContain(verdict.Checks, c => c.Rule == "watermark");
    }

    [Fact]
    public void AScheduledRequestWithoutItsSlotVerdictIsAProgrammingError()
    {
        var facts = Examples.Immediate() with { Immediate = false, Slot = null };

        Assert.Throws<ArgumentException>(() => RuleEvaluator.Evaluate(facts));
    }

    [Fact]
    public void AnImmediateRequestIgnoresASlotVerdict()
    {
        var facts = Examples.Scheduled(SlotOutcome.Full) with { Immediate = true };

        Assert.True(RuleEvaluator.Evaluate(facts).Allowed);
    }
}
