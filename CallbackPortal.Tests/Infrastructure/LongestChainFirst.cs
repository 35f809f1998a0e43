using CallbackPortal.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("CallbackPortal.Tests.Infrastructure.LongestChainFirst", "CallbackPortal.Tests")]

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>
/// Starts the collections whose classes must run one after another (the shared portal's, then the widget's) before the
/// classes that may run side by side, so the longest chain does not start last while the other thread stands idle:
/// on 2 cores the "Portal" chain alone is most of the suite's time. The order is otherwise xUnit's own.
/// </summary>
public sealed class LongestChainFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName switch
        {
            PortalCollection.Name => 0,
            Widget.WidgetCollection.Name => 1,
            _ => 2,
        });
}
