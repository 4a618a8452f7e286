using Prometheus;
using Siprec.Transcription.Output;

namespace Siprec.Server.Observability;

/// <summary>
/// The three series of one kind of webhook: its backlog, its deliveries by outcome (delivered, abandoned, rejected,
/// dropped, unsent_at_shutdown) and its failed attempts. They exist, at zero, from creation; <see cref="Follow"/> reads
/// them from the webhook at each scrape.
/// </summary>
internal sealed class WebhookDeliverySeries
{
    private readonly CollectorRegistry _registry;
    private readonly Gauge _backlog;
    private readonly Counter _failedAttempts;
    private readonly Counter.Child _delivered;
    private readonly Counter.Child _abandoned;
    private readonly Counter.Child _rejected;
    private readonly Counter.Child _dropped;
    private readonly Counter.Child _unsent;

    /// <summary>Creates the series in <paramref name="registry"/> under the given names and help texts.</summary>
    public WebhookDeliverySeries(
        CollectorRegistry registry, string backlog, string backlogHelp, string deliveries, string deliveriesHelp, string failedAttempts, string failedAttemptsHelp)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        _backlog = factory.CreateGauge(backlog, backlogHelp);
        var outcomes = factory.CreateCounter(deliveries, deliveriesHelp, "outcome");
        _failedAttempts = factory.CreateCounter(failedAttempts, failedAttemptsHelp);
        _delivered = outcomes.WithLabels("delivered");
        _abandoned = outcomes.WithLabels("abandoned");
        _rejected = outcomes.WithLabels("rejected");
        _dropped = outcomes.WithLabels("dropped");
        _unsent = outcomes.WithLabels("unsent_at_shutdown");
    }

    /// <summary>From now on, each scrape reads <paramref name="backlog"/> and <paramref name="counts"/>.</summary>
    public void Follow(Func<int> backlog, IWebhookDeliveryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        ArgumentNullException.ThrowIfNull(counts);
        _registry.AddBeforeCollectCallback(() =>
        {
            _backlog.Set(backlog());
            _delivered.IncTo(counts.Delivered);
            _abandoned.IncTo(counts.Abandoned);
            _rejected.IncTo(counts.Rejected);
            _dropped.IncTo(counts.Dropped);
            _unsent.IncTo(counts.UnsentAtShutdown);
            _failedAttempts.IncTo(counts.FailedAttempts);
        });
    }
}
