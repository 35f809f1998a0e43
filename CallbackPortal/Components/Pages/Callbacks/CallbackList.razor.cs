using System.Globalization;
using CallbackPortal.CallbackList;
using CallbackPortal.Callbacks;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CallbackPortal.Components.Pages.Callbacks;

public sealed partial class CallbackList
{
    private enum Dialog { None, New, Reschedule, Columns, Bulk }

    private readonly CancellationTokenSource closing = new();
    private readonly ListFilterForm form = new();
    private readonly HashSet<Guid> selected = [];
    private MudTable<CallbackRow>? table;
    private ListReader? reader;
    private IReadOnlyList<(Guid Id, string Key, string Name)> services = [];
    private ListLayout layout = ListLayout.Default;
    private CallbackPage? page;
    private CallbackFilter filter = new();
    private string? problem, message, layoutProblem;
    private Dialog dialog;
    private CallbackRow? target;
    private (int Count, string What, Func<IProgress<int>, CancellationToken, Task<BulkCancelSummary>> Run)? bulk;
    private ExportJob? export;
    private int loads;

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    /// <summary>A service key (the live dashboard links here with <c>?service=support</c>).</summary>
    [SupplyParameterFromQuery(Name = "service")] public string? ServiceKey { get; set; }

    /// <summary>A state to show (<c>?state=Queued</c>).</summary>
    [SupplyParameterFromQuery(Name = "state")] public string? StateName { get; set; }

    private bool AllSelected => page is { Rows.Count: > 0 } && page.Rows.All(r => selected.Contains(r.Id));

    protected override async Task OnInitializedAsync()
    {
        reader = await ReaderAsync();
        services = await Search.ServiceChoicesAsync(reader, closing.Token);
        layout = await Layouts.LoadAsync(reader.Actor.UserId, closing.Token);
        if (services.FirstOrDefault(s => string.Equals(s.Key, ServiceKey, StringComparison.OrdinalIgnoreCase)) is { Id: var id } && id != Guid.Empty)
        {
            form.Services = [id];
        }
        if (Enum.TryParse<CallbackState>(StateName, ignoreCase: true, out var state))
        {
            form.States = [state];
            // Queued or scheduled callbacks may have desired times outside any past window: show them whatever their time.
            form.Preset = DatePreset.Custom;
        }
    }

    private async Task<ListReader> ReaderAsync() => Authentication is null
        ? new ListReader(await ActorAsync(), false)
        : await Readers.ForAsync((await Authentication).User, closing.Token);

    private async Task<TableData<CallbackRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        reader = await ReaderAsync();
        var sort = Enum.TryParse<CallbackSort>(state.SortLabel, out var s) ? s : CallbackSort.DesiredTime;
        filter = form.ToFilter(sort, state.SortLabel is null || state.SortDirection != SortDirection.Ascending);
        var mine = ++loads;
        var found = await Search.SearchAsync(reader, filter, state.Page * state.PageSize, state.PageSize, ct);
        // A slower earlier load (the first one, racing a quick "Show") must not overwrite the newer answer.
        if (mine == loads)
        {
            (page, problem) = (found, found.Problem);
        }
        return new TableData<CallbackRow> { Items = found.Rows, TotalItems = Math.Min(found.Count, found.CountCapped ? CallbackSearch.CountCap : found.Count) };
    }

    private async Task ApplyAsync()
    {
        selected.Clear();
        if (table is not null)
        {
            await table.ReloadServerData();
        }
    }

    private void Select(Guid id, bool on) => _ = on ? selected.Add(id) : selected.Remove(id);

    private void SelectPage(bool on)
    {
        foreach (var row in page?.Rows ?? [])
        {
            Select(row.Id, on);
        }
    }

    private async Task ActAsync(Func<CancellationToken, Task<Callback>> action, string done)
    {
        try
        {
            var callback = await action(closing.Token);
            message = $"{done}: {callback.State}.";
        }
        catch (DomainException e)
        {
            message = e.Message;
        }
        await ApplyAsync();
    }

    private async Task CreateAsync(Guid serviceId, CallbackRequest request)
    {
        var created = await Actions.CreateAsync(reader!, serviceId, request, closing.Token);
        message = $"Created: {created.Callback.State}, desired {Time(created.Callback.DesiredTime)}.";
    }

    private async Task RescheduleAsync(DateTimeOffset when)
    {
        var callback = await Actions.RescheduleAsync(reader!, target!.Id, when, closing.Token);
        message = $"Rescheduled to {Time(callback.DesiredTime)}.";
    }

    private void CancelSelected() => Confirm(selected.ToList(), $"the {selected.Count} selected");

    private void CancelPage() => Confirm([.. page!.Rows.Select(r => r.Id)], "this page");

    private void Confirm(List<Guid> ids, string what)
    {
        var actor = reader!;
        bulk = (ids.Count, what, (progress, ct) => Bulk.CancelAsync(actor, ids, progress, ct));
        dialog = Dialog.Bulk;
    }

    private async Task CancelRangeAsync()
    {
        var actor = reader!;
        var range = filter;
        bulk = (await Search.CountAsync(actor, range, closing.Token), "everything that matches the filter", (progress, ct) => Bulk.CancelRangeAsync(actor, range, progress, ct));
        dialog = Dialog.Bulk;
    }

    private async Task ExportAsync() => export = await Exports.StartAsync(await ReaderAsync(), filter, layout.Journey, closing.Token);

    private async Task SaveLayoutAsync(ListLayout? chosen)
    {
        if (chosen is not null)
        {
            layoutProblem = await Layouts.SaveAsync(reader?.Actor.UserId, chosen, closing.Token);
            if (layoutProblem is not null)
            {
                return;
            }
            layout = await Layouts.LoadAsync(reader?.Actor.UserId, closing.Token);
        }
        dialog = Dialog.None;
    }

    private async Task ClosedAsync(bool changed)
    {
        (dialog, target, bulk) = (Dialog.None, null, null);
        if (changed)
        {
            await ApplyAsync();
        }
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        closing.Cancel();
        closing.Dispose();
    }
}
