using Prometheus;
using Siprec.Server.Hosting;

namespace Siprec.Server.Observability;

/// <summary>
/// The SIP request-handling backlog read at each scrape: <c>siprec_sip_queued_requests{queue}</c>,
/// <c>siprec_sip_queued_invites</c>, <c>siprec_sip_queue_oldest_seconds</c>, <c>siprec_sip_workers_busy</c> and
/// <c>siprec_sip_overloaded</c> (1 while new INVITEs and OPTIONS are answered 503).
/// </summary>
public sealed class SipBacklogMetrics
{
    /// <summary>Creates the gauges in <paramref name="registry"/>, read from <paramref name="recorder"/> at each scrape.</summary>
    public SipBacklogMetrics(CollectorRegistry registry, SipRecorderService recorder)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(recorder);
        var factory = Metrics.WithCustomRegistry(registry);
        var queued = factory.CreateGauge("siprec_sip_queued_requests", "SIP requests waiting for a worker: new (INVITE, OPTIONS...) or in_dialog (BYE, re-INVITE, UPDATE, ACK).", "queue");
        var newQueue = queued.WithLabels("new");
        var inDialog = queued.WithLabels("in_dialog");
        var invites = factory.CreateGauge("siprec_sip_queued_invites", "New INVITEs waiting for a worker.");
        var oldest = factory.CreateGauge("siprec_sip_queue_oldest_seconds", "How long the oldest waiting new SIP request has waited.");
        var busy = factory.CreateGauge("siprec_sip_workers_busy", "SIP request-handling workers busy now.");
        var overloaded = factory.CreateGauge("siprec_sip_overloaded", "1 while new INVITEs and OPTIONS are answered 503 because the SIP backlog is over budget.");
        registry.AddBeforeCollectCallback(() =>
        {
            var backlog = recorder.SipBacklog;
            newQueue.Set(backlog.QueuedNew);
            inDialog.Set(backlog.QueuedInDialog);
            invites.Set(backlog.QueuedInvites);
            oldest.Set(backlog.OldestNewAge.TotalSeconds);
            busy.Set(backlog.Busy);
            overloaded.Set(backlog.Overloaded ? 1 : 0);
        });
    }
}
