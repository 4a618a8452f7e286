using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Siprec.Cluster;
using Siprec.Media.Rtp;
using Siprec.Recording.Admission;
using Siprec.Recording.Sessions;
using Siprec.Server.Api;
using Siprec.Server.Api.Schemas;
using Siprec.Server.Configuration;
using Siprec.Server.Hosting;
using Siprec.Server.Observability;

namespace Siprec.Server.Health;

/// <summary>
/// <c>GET /health/live</c> (200 once started), <c>GET /health/ready</c> (200 when every check passes, else 503; 503
/// while draining or when a SIP listener is down) and <c>GET /health</c> (status, version, uptime, each check, and
/// whether calls are transcribed). In a cluster, a <c>cluster</c> check reports Redis trouble as degraded without failing
/// readiness: the node records on without Redis.
/// </summary>
public sealed class HealthEndpoints(
    SiprecOptions options, ISessionRegistry registry, SipRecorderService sip, RtpPortAllocator ports, TimeProvider time, RecordingDiskGuard disk, ClusterNode? cluster = null)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private readonly TranscriptionHealth _transcription = TranscriptionHealth.Of(options.Stt);

    /// <summary>The server's version.</summary>
    public static string Version { get; } =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Maps the three endpoints.</summary>
    public void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/health/live", Live)
            .WithName("healthLive").WithSummary("200 once the server has started")
            .Produces<HealthStatusAnswer>(200);
        endpoints.MapGet("/health/ready", Ready)
            .WithName("healthReady").WithSummary("200 when every check passes; 503 while draining or when a check fails")
            .Produces<HealthStatusAnswer>(200).Produces<HealthStatusAnswer>(503);
        endpoints.MapGet("/health", Health)
            .WithName("health").WithSummary("Status, version, uptime, each check, and whether calls are transcribed; 503 when a check fails")
            .Produces<HealthAnswer>(200).Produces<HealthAnswer>(503);
    }

    private static JsonAnswer Live() => new(200, w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "ok");
        w.WriteEndObject();
    });

    private JsonAnswer Ready()
    {
        var ok = RunChecks().All(x => x.Ok);
        return new JsonAnswer(ok ? 200 : 503, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", ok ? "ok" : "unavailable");
            if (cluster is not null)
            {
                w.WriteString("cluster", cluster.Problem is null ? "ok" : "degraded");
            }

            w.WriteEndObject();
        });
    }

    private JsonAnswer Health()
    {
        var checks = RunChecks();
        var ok = checks.All(x => x.Ok);
        return new JsonAnswer(ok ? 200 : 503, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", ok ? "ok" : "degraded");
            w.WriteString("version", Version);
            w.WriteString("uptime", GoDuration.Format(TimeSpan.FromSeconds(Math.Floor((time.GetUtcNow() - _startedAt).TotalSeconds))));
            w.WriteStartObject("checks");
            foreach (var (name, passed, detail) in checks)
            {
                w.WriteStartObject(name);
                w.WriteString("status", passed ? "ok" : "failed");
                w.WriteString("detail", detail);
                w.WriteEndObject();
            }

            if (cluster is not null)
            {
                w.WriteStartObject("cluster");
                w.WriteString("status", cluster.Problem is null ? "ok" : "degraded");
                w.WriteString("detail", cluster.Problem is { } problem
                    ? problem + "; recording goes on, cluster-wide calls answer 503"
                    : $"node {cluster.Self.Id} in cluster, Redis connected");
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartObject("transcription");
            w.WriteBoolean("enabled", _transcription.Enabled);
            w.WriteString("provider", _transcription.Provider);
            w.WriteString("detail", _transcription.Detail);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private List<(string Name, bool Ok, string Detail)> RunChecks()
    {
        var count = registry.Count;
        return
        [
            SipCheck(),
            ("draining", !sip.IsDraining, sip.IsDraining ? "shutting down: new calls are refused" : "accepting new calls"),
            ("rtp_ports", ports.InUse < ports.Capacity, $"{ports.InUse} of {ports.Capacity} port pairs leased"),
            RecordingDirectoryCheck(),
            DiskCheck(),
            ("speech", true, _transcription.Detail),
            ("sessions", count < options.Recording.MaxSessions, $"{count} of {options.Recording.MaxSessions} sessions in use"),
        ];
    }

    private (string, bool, string) SipCheck()
    {
        var udp = sip.UdpEndPoint;
        var tcp = sip.TcpEndPoint;
        var tls = sip.TlsEndPoint;
        var bound = sip.IsListening && udp is not null && tcp is not null && (!sip.TlsConfigured || tls is not null);
        var detail = $"udp {udp?.ToString() ?? "down"}, tcp {tcp?.ToString() ?? "down"}" + (sip.TlsConfigured ? $", tls {tls?.ToString() ?? "down"}" : string.Empty);
        return ("sip", bound, detail);
    }

    private (string, bool, string) DiskCheck()
    {
        if (!DiskSpace.TryRead(options.Recording.Directory, out var free, out var total))
        {
            return ("disk", false, "free space unknown: new calls are refused");
        }

        var minimum = options.Health.MinFreeDisk;
        var detail = string.Create(CultureInfo.InvariantCulture, $"{free} bytes free of {total}; minimum {minimum}");
        return disk.RefusalReason() is { } refusal
            ? ("disk", false, $"{refusal}: new calls are refused; {detail}")
            : ("disk", minimum.IsMet(free, total), detail);
    }

    private (string, bool, string) RecordingDirectoryCheck()
    {
        try
        {
            Directory.CreateDirectory(options.Recording.Directory);
            var probe = Path.Combine(options.Recording.Directory, ".health-probe");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return ("recording_dir", true, "writable");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ("recording_dir", false, "not writable");
        }
    }
}
