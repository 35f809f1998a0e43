using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Telephony.Simulator;

/// <summary>
/// The built-in carrier: it serves Twilio's Calls API on the app itself (<see cref="CarrierSimulatorApi"/>), then plays
/// each accepted call out in the background (<see cref="CarrierSimulatorWorker"/>), calling the app back exactly as
/// Twilio would. Outcomes are drawn with the configured rates, or taken from a script a test sets.
/// </summary>
public sealed class CarrierSimulator
{
    private readonly Channel<SimulatedCall> accepted = Channel.CreateUnbounded<SimulatedCall>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SimulatedOutcome>> scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> heldTalks = new(StringComparer.Ordinal);
    private readonly IOptions<CarrierSimulatorOptions> options;
    private readonly Random random;

    public CarrierSimulator(IOptions<CarrierSimulatorOptions> options, CarrierSimulatorLedger ledger)
    {
        this.options = options;
        Ledger = ledger;
        var seed = options.Value.Seed;
        // A fixed seed is for repeatable demos and benchmarks, not for anything secret.
#pragma warning disable CA5394
        random = seed == 0 ? new Random() : new Random(seed);
#pragma warning restore CA5394
    }

    public CarrierSimulatorLedger Ledger { get; }

    internal ChannelReader<SimulatedCall> Accepted => accepted.Reader;

    /// <summary>The next calls to <paramref name="toNumber"/> take these outcomes, in order; after them the rates apply again.</summary>
    public void Script(string toNumber, params SimulatedOutcome[] outcomes)
    {
        var queue = scripts.GetOrAdd(toNumber.Trim(), _ => new ConcurrentQueue<SimulatedOutcome>());
        foreach (var outcome in outcomes)
        {
            queue.Enqueue(outcome);
        }
    }

    /// <summary>Connected calls to <paramref name="toNumber"/> talk until <see cref="EndTalk"/> instead of the configured talk time (a test holding a conversation open).</summary>
    public void HoldTalk(string toNumber) =>
        heldTalks[toNumber.Trim()] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The parties on a held call to <paramref name="toNumber"/> hang up, as after a normal conversation.</summary>
    public void EndTalk(string toNumber)
    {
        if (heldTalks.TryRemove(toNumber.Trim(), out var talk))
        {
            talk.TrySetResult();
        }
    }

    internal Task? HeldTalk(string toNumber) => heldTalks.TryGetValue(toNumber.Trim(), out var talk) ? talk.Task : null;

    /// <summary>Places a call unless one was already placed for the key; a new call starts playing out at once.</summary>
    internal (SimulatedCall? Call, bool Created) Place(string idempotencyKey, string to, Func<SimulatedOutcome, SimulatedCall> create)
    {
        var placed = Ledger.Place(idempotencyKey, () =>
        {
            var outcome = NextOutcome(to);
            return outcome == SimulatedOutcome.Reject ? null : create(outcome);
        });
        if (placed.Created)
        {
            accepted.Writer.TryWrite(placed.Call!);
        }
        return placed;
    }

    /// <summary>Whether the bridged party picks up.</summary>
    internal bool BridgedPartyAnswers() => Draw() < options.Value.AgentAnswerRate;

    private SimulatedOutcome NextOutcome(string to)
    {
        if (scripts.TryGetValue(to.Trim(), out var script) && script.TryDequeue(out var scripted))
        {
            return scripted;
        }
        var settings = options.Value;
        var draw = Draw();
        (double Rate, SimulatedOutcome Outcome)[] bands =
        [
            (settings.AnswerRate, SimulatedOutcome.Person),
            (settings.BusyRate, SimulatedOutcome.Busy),
            (settings.NoAnswerRate, SimulatedOutcome.NoAnswer),
            (settings.MachineRate, SimulatedOutcome.Machine),
        ];
        foreach (var (rate, outcome) in bands)
        {
            if (draw < rate)
            {
                return outcome;
            }
            draw -= rate;
        }
        return SimulatedOutcome.Failed;
    }

    private double Draw()
    {
        lock (random)
        {
#pragma warning disable CA5394
            return random.NextDouble();
#pragma warning restore CA5394
        }
    }
}
