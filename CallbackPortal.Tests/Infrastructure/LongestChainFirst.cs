using CallbackPortal.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("CallbackPortal.Tests.Infrastructure.LongestChainFirst", "CallbackPortal.Tests")]

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>
/// xUnit runs two collections at a time here (2 cores) and starts the next as one ends. This starts the collections whose
/// classes must run one after another first: the shared portal's (most of the suite's time), then on the other thread the
/// widget's, the crash runs and the scale-out nodes; the many small classes fill in after. Started last, the portal's
/// chain ran alone for minutes while the other thread stood idle. The order is otherwise xUnit's own.
/// </summary>
public sealed class LongestChainFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName switch
        {
            PortalCollection.Name => 0,
            Widget.WidgetCollection.Name => 1,
            Reliability.CrashSafetyCollection.Name => 2,
            ScaleOut.ScaleOutCollection.Name => 3,
            _ => 4,
        });
}
