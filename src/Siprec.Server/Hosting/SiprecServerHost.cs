using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using System.Net;
using System.Security.Authentication;
using Prometheus;
using Siprec.Media.AtRest;
using Siprec.Media.Codecs;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Recording.Admission;
using Siprec.Recording.Index;
using Siprec.Recording.Retention;
using Siprec.Recording.Policies;
using Siprec.Recording.Srs;
using Siprec.Recording.Storage;
using Siprec.Recording.Upload;
using Siprec.Recording.Vcon;
using Siprec.Recording.Transcription;
using Siprec.Transcription;
using Siprec.Transcription.Configuration;
using Siprec.Transcription.Output;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;
using Siprec.Server.Api;
using Siprec.Server.Auth;
using Siprec.Server.Cluster;
using Siprec.Cluster;
using Siprec.Server.Configuration;
using Siprec.Server.Ui;
using Siprec.Server.Health;
using Siprec.Server.Nodes;
using Siprec.Server.Notifications;
using Siprec.Server.Observability;
using Siprec.Sip;

namespace Siprec.Server.Hosting;

/// <summary>Composes the server: options, clock, sessions, pause/resume service, API, metrics, health, logs, notifications.</summary>
public static class SiprecServerHost
{
    private static readonly TimeSpan FinalizeMargin = TimeSpan.FromSeconds(15);
    private const string TranscriptionHttpClient = "transcription";
    private const string RelayHttpClient = "recording-relay";

    /// <summary>
    /// Builds the web application from validated options and a clock. <paramref name="configure"/> may adjust the
    /// builder (for example, add a logger provider) before it is built.
    /// </summary>
    public static WebApplication Build(SiprecOptions options, TimeProvider time, Action<WebApplicationBuilder>? configure = null, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        SiprecConfigurationLoader.Validate(options);

        // The default appsettings reload watches the content root recursively, which usually holds RECORDING_DIR: every
        // WAV write would wake a file watcher. The server reads its own configuration once, so nothing needs reloading.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [.. args ?? [], "--hostBuilder:reloadConfigOnChange=false"] });
        ConfigureListeners(builder, options.Http);
        // The drain runs inside the host's stop; the margin lets the remaining calls get BYE and their files finalize, and
        // the webhook drain that follows deliver the events those last calls raised.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownDrainTimeout + FinalizeMargin + options.ShutdownWebhookDrainTimeout);
        ConfigureLogging(builder, options.Logging);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.PauseResume);
        services.AddSingleton(time);
        services.AddSingleton<ISessionRegistry, InMemorySessionRegistry>();
        services.AddSingleton(new PauseResumeSettings(
            options.PauseResume.PauseRecording, options.PauseResume.PauseTranscription, options.PauseResume.MaxPauseDuration,
            options.PauseResume.AutoResume, options.PauseResume.Behavior, options.PauseResume.SourceBehavior));
        services.AddSingleton(_ =>
        {
            var registry = Metrics.NewCustomRegistry();
            // Process memory, CPU and GC counts beside our own metrics: what an operator watches for growth under hostile traffic.
            DotNetStats.Register(registry);
            return registry;
        });
        services.AddSingleton(sp => new PauseMetrics(sp.GetRequiredService<CollectorRegistry>(), sp.GetRequiredService<ISessionRegistry>(), options.Metrics.SessionLabels));
        services.AddSingleton<PauseEventLogger>();
        services.AddSingleton<PauseEventStream>();
        services.AddSingleton<WebhookDeliveryStats>();
        WebhookHttpClient.Add(services, options.PauseResume.WebhookRetryDelay, options.PauseResume.WebhookMaxAttempts);
        services.AddSingleton(sp => new WebhookNotifier(
            options.PauseResume, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<WebhookDeliveryStats>(), options.ShutdownWebhookDrainTimeout,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WebhookNotifier>>()));
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton(sp => new PauseAuditTrail(options.Recording.Directory, sp.GetRequiredService<ILogger<PauseAuditTrail>>()));
        services.AddSingleton<IPauseEventSink>(sp => sp.GetRequiredService<PauseEventLogger>());
        services.AddSingleton<IPauseEventSink>(sp => sp.GetRequiredService<PauseMetrics>());
        services.AddSingleton<IPauseEventSink>(sp => sp.GetRequiredService<PauseAuditTrail>());
        services.AddSingleton<IPauseEventSink>(sp => sp.GetRequiredService<PauseEventStream>());
        services.AddSingleton<IPauseEventSink>(sp => sp.GetRequiredService<WebhookNotifier>());
        services.AddSingleton(sp => new PauseRateAlert(
            options.PauseResume.PauseAlertThreshold, sp, sp.GetRequiredService<ApiSecurityMetrics>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PauseRateAlert>>()));
        services.AddSingleton<IPauseEventSink>(sp => sp.GetRequiredService<PauseRateAlert>());
        services.AddHostedService(sp => sp.GetRequiredService<PauseAuditTrail>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookNotifier>());
        services.AddSingleton<PauseResumeService>();
        AddApiSecurity(services, options.PauseResume);
        services.AddSingleton<EventStreamEndpoint>();
        services.AddSingleton<RecordingsApi>();
        services.AddSingleton<RecordingHoldApi>();
        services.AddSingleton<KeyRotationApi>();
        AddControl(services, options);
        AddNodes(services, options);
        services.AddSingleton<HealthEndpoints>();
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<SessionRouteConstraint>(SessionRouteConstraint.Name));
        ApiDocument.AddServices(services);
        var keys = options.Recording.EncryptionKeyFile is { } keyFile
            ? MasterKeyring.Load(keyFile, options.Recording.EncryptionKeyringDirectory)
            : null;
        if (keys is not null)
            services.AddSingleton<IRecordingKeyProvider>(keys);
        AddRecordingStore(services, options, keys);
        AddTranscription(services, options.Stt, options.ShutdownWebhookDrainTimeout);
        AddRecorder(services, options, keys);
        configure?.Invoke(builder);

        var app = builder.Build();
        if (OwnerOnlyFiles.OthersCanRead(options.Recording.Directory))
            StartupLog.RecordingDirectoryOpen(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SiprecServerHost)), Path.GetFullPath(options.Recording.Directory));
        app.UseMiddleware<ApiErrorMiddleware>();
        var api = app.MapGroup("/api").AddEndpointFilter<ApiKeyFilter>();
        app.Services.GetRequiredService<ControlApi>().Map(api);
        app.Services.GetRequiredService<RecordingsApi>().Map(api);
        app.Services.GetRequiredService<RecordingHoldApi>().Map(api);
        app.Services.GetRequiredService<KeyRotationApi>().Map(api);
        app.Services.GetRequiredService<NodesApi>().Map(api);
        app.Services.GetRequiredService<TranscriptionPrometheusMetrics>();
        app.Services.GetRequiredService<TranscriptWebhookMetrics>();
        app.Services.GetRequiredService<ApiSecurityMetrics>();
        app.Services.GetRequiredService<SipBacklogMetrics>();
        app.Services.GetRequiredService<DiskFaultMetrics>();
        app.Services.GetRequiredService<VconExportMetrics>();
        app.Services.GetRequiredService<RecordingUploadMetrics>();
        app.Services.GetRequiredService<WebhookMetrics>();
        app.MapMetrics(ApiDocument.MetricsPath, app.Services.GetRequiredService<CollectorRegistry>());
        app.Services.GetRequiredService<HealthEndpoints>().Map(app);
        ApiDocument.Map(app);
        WebConsole.Map(app);
        return app;
    }

    /// <summary>
    /// Plain HTTP on <c>HTTP_PORT</c> unless turned off, and HTTPS (TLS 1.2 or 1.3) on <c>HTTPS_PORT</c> when a
    /// certificate is set, both serving every route; the certificate is asked for at each handshake so a renewed one
    /// is picked up without a restart.
    /// </summary>
    private static void ConfigureListeners(WebApplicationBuilder builder, HttpOptions http)
    {
        var host = http.Host.Contains(':', StringComparison.Ordinal) ? $"[{http.Host}]" : http.Host;
        List<string> urls = [];
        if (http.Plaintext)
        {
            urls.Add($"http://{host}:{http.Port}");
        }

        if (http.TlsCert is { } certPath)
        {
            urls.Add($"https://{host}:{http.HttpsPort}");
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.Services.AddSingleton(sp => new HttpsCertificate(
                certPath, http.TlsKey!, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HttpsCertificate>>()));
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                https.ServerCertificateSelector = (_, _) => kestrel.ApplicationServices.GetRequiredService<HttpsCertificate>().Current;
            }));
        }

        builder.WebHost.UseUrls([.. urls]);
    }

    /// <summary>Keys and their scopes, the failed-authentication throttle, the per-key rate limit, and the record of refusals.</summary>
    private static void AddApiSecurity(IServiceCollection services, PauseResumeOptions pauseResume)
    {
        var scopedKeys = pauseResume.ApiKeysFile is { } keysFile ? ApiKeysFile.Load(keysFile) : [];
        services.AddSingleton(new ApiKeyAuthenticator(pauseResume.RequireAuth, pauseResume.ApiKeys, scopedKeys));
        services.AddSingleton(sp => new AuthFailureThrottle(pauseResume.AuthFailureLimit, TimeSpan.FromMinutes(1), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => new ApiKeyRateLimiter(pauseResume.RateLimit));
        services.AddSingleton<ApiSecurityMetrics>();
        services.AddSingleton<ApiDenials>();
    }

    /// <summary>
    /// The sessions and pause endpoints; with a Redis configured, the node also joins the cluster and the endpoints reach
    /// every node's sessions.
    /// </summary>
    private static void AddControl(IServiceCollection services, SiprecOptions options)
    {
        var cluster = options.Cluster.RedisUrl is { } redis
            ? new ClusterSettings(
                redis, options.Cluster.NodeId ?? Dns.GetHostName(), options.Cluster.Name, options.Cluster.AdvertisedUrl ?? string.Empty,
                options.Cluster.LeaseTime, options.Cluster.CommandTimeout)
            : null;
        services.AddSingleton(sp => new NodeControl(
            sp.GetRequiredService<PauseResumeService>(), sp.GetRequiredService<ISessionRegistry>(), options.PauseResume,
            sp.GetRequiredService<TimeProvider>(), sp.GetService<SrsUserAgent>(), cluster?.NodeId));
        if (cluster is not null)
        {
            services.AddSingleton(cluster);
            services.AddSingleton<ClusterMetrics>();
            services.AddSingleton<ClusterCommandHandler>();
            services.AddSingleton(sp => new ClusterNode(
                cluster, sp.GetRequiredService<ISessionRegistry>(), sp.GetRequiredService<ClusterCommandHandler>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ClusterMetrics>(), sp.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton<ClusterControl>();
            services.AddHostedService<ClusterService>();
            services.AddKeyedSingleton(RelayHttpClient, (_, _) => new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3) })
            {
                // A WAV may take long to stream; the relay bounds the wait for the owner's headers itself.
                Timeout = Timeout.InfiniteTimeSpan,
            });
            services.AddSingleton(sp => new OwnerNodeRelay(
                sp.GetRequiredService<ClusterNode>(), sp.GetRequiredKeyedService<HttpClient>(RelayHttpClient), sp.GetRequiredService<ILogger<OwnerNodeRelay>>()));
        }

        services.AddSingleton<ControlApi>();
    }

    /// <summary>
    /// This node's admission (drain, session capacity, RTP ports, disk space), consulted by new INVITEs and OPTIONS
    /// probes alike, and the nodes endpoints; in a cluster they list and drain every node.
    /// </summary>
    private static void AddNodes(IServiceCollection services, SiprecOptions options)
    {
        services.AddSingleton<NodeDrain>();
        services.AddSingleton<IAdmissionCheck>(sp => new SessionCapacityCheck(sp.GetRequiredService<ISessionRegistry>(), options.Recording.MaxSessions));
        services.AddSingleton<IAdmissionCheck>(sp => new RtpPortCheck(sp.GetRequiredService<RtpPortAllocator>()));
        services.AddSingleton<IAdmissionCheck>(sp => sp.GetRequiredService<RecordingDiskGuard>());
        services.AddSingleton<NodeAdmission>();
        services.AddSingleton(sp => new LocalNodeState(
            options.Cluster.NodeId ?? Dns.GetHostName(), options.Cluster.AdvertisedUrl ?? string.Empty, sp.GetRequiredService<NodeAdmission>(),
            sp.GetRequiredService<ISessionRegistry>(), options.Recording.Directory, options.Recording.MaxSessions,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LocalNodeState>>()));
        if (options.Cluster.RedisUrl is not null)
        {
            services.AddSingleton<ClusterNodesControl>();
        }

        services.AddSingleton<NodesApi>();
    }

    /// <summary>The first address the started application listens on, such as <c>http://127.0.0.1:41234</c>.</summary>
    public static Uri ListeningAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The application is not listening yet.");
        return new Uri(first.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    private static void AddRecorder(IServiceCollection services, SiprecOptions options, IRecordingKeyProvider? keys)
    {
        services.AddSingleton(new AudioCodecRegistry());
        services.AddSingleton(new RtpPortAllocator(new RtpPortRange(options.Rtp.PortMin, options.Rtp.PortMax)));
        services.AddSingleton(sp => new MediaEngine(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            new MediaEngineOptions { ReceiveMode = options.Rtp.ReceiveMode, ReceiveThreads = options.Rtp.ReceiveThreads }));
        services.AddSingleton(new SrsOptions
        {
            RecordingDirectory = options.Recording.Directory,
            SampleRate = options.Recording.SampleRate,
            PerStreamFiles = options.Recording.PerStreamFiles,
            RecordingKeys = keys,
            MaxSessions = options.Recording.MaxSessions,
            RtpTimeout = options.Rtp.Timeout,
            RtpBindAddress = IPAddress.Parse(options.Sip.Host),
            SrtpPolicy = options.Rtp.SrtpPolicy,
            Strict = options.Sip.Strict,
            PauseBehavior = options.PauseResume.Behavior,
            StoreDtmfDigits = options.Recording.StoreDtmfDigits,
            DtmfPause = options.PauseResume.PauseOnDtmf
                ? new DtmfPauseSettings(options.PauseResume.PauseOnDtmfTranscription, options.PauseResume.PauseOnDtmfResumeAfter)
                : null,
        });
        services.AddSingleton<SipTrafficMetrics>();
        services.AddSingleton<ISipTrafficObserver>(sp => sp.GetRequiredService<SipTrafficMetrics>());
        services.AddSingleton<RecordingMetrics>();
        services.AddSingleton<ISrsCallObserver>(sp => sp.GetRequiredService<RecordingMetrics>());
        services.AddSingleton(sp => new RecordingDiskGuard(
            options.Recording.Directory,
            () => DiskSpace.TryRead(options.Recording.Directory, out var free, out var total) ? options.Health.MinFreeDisk.IsMet(free, total) : null,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RecordingDiskGuard>>()));
        services.AddSingleton<SrsUserAgent>();
        services.AddSingleton<SipRecorderService>();
        services.AddHostedService(sp => sp.GetRequiredService<SipRecorderService>());
        services.AddSingleton<SipBacklogMetrics>();
        services.AddSingleton<DiskFaultMetrics>();
    }

    /// <summary>The recordings index, the optional S3 upload and the optional vCon files, all fed when a session is finalized.</summary>
    private static void AddRecordingStore(IServiceCollection services, SiprecOptions options, IRecordingKeyProvider? keys)
    {
        services.AddSingleton(CreateIndex(options, keys));
        services.AddSingleton<RecordingIndexMetrics>();
        services.AddSingleton<IRecordingIndexObserver>(sp => sp.GetRequiredService<RecordingIndexMetrics>());
        services.AddSingleton<RecordingIndexFeed>();
        services.AddSingleton<IRecordingFinalizedSink>(sp => sp.GetRequiredService<RecordingIndexFeed>());
        if (options.S3.Bucket is { } bucket)
        {
            var upload = new S3UploadOptions
            {
                Bucket = bucket,
                Endpoint = options.S3.Endpoint,
                Region = options.S3.Region,
                AccessKey = options.S3.AccessKey,
                SecretKey = options.S3.SecretKey,
                Prefix = options.S3.Prefix,
                DeleteLocalAfterUpload = options.S3.DeleteLocalAfterUpload,
                MaxAttempts = options.S3.MaxAttempts,
                InitialBackoff = options.S3.RetryDelay,
                RequeueInterval = options.S3.RequeueInterval,
            };
            services.AddSingleton(_ => new S3RecordingObjects(upload));
            services.AddSingleton(sp => new S3RecordingUploader(
                upload,
                sp.GetRequiredService<IRecordingIndex>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<S3RecordingUploader>>()));
            services.AddSingleton<IRecordingFinalizedSink>(sp => sp.GetRequiredService<S3RecordingUploader>());
        }

        services.AddSingleton(sp => new VconBuilder(Dns.GetHostName(), sp.GetRequiredService<TimeProvider>()));
        if (options.Recording.VconExport)
        {
            services.AddSingleton<VconFileWriter>();
            services.AddSingleton<IRecordingFinalizedSink>(sp => sp.GetRequiredService<VconFileWriter>());
        }

        services.AddSingleton(sp => new RecordingUploadMetrics(sp.GetRequiredService<CollectorRegistry>(), sp.GetService<S3RecordingUploader>()));
        services.AddSingleton(sp => new VconExportMetrics(sp.GetRequiredService<CollectorRegistry>(), sp.GetService<VconFileWriter>()));
        services.AddHostedService(sp => new RecordingStoreService(
            sp.GetRequiredService<RecordingIndexFeed>(), sp.GetService<S3RecordingUploader>(), sp.GetService<VconFileWriter>()));
        if (options.Recording.Retention is { } retention)
        {
            services.AddSingleton(new RetentionAuditTrail(options.Recording.Directory));
            services.AddSingleton(sp => new RecordingRetentionSweeper(
                sp.GetRequiredService<IRecordingIndex>(), sp.GetRequiredService<RetentionAuditTrail>(), retention,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RecordingRetentionSweeper>>()));
            services.AddHostedService(sp => new RetentionService(
                sp.GetRequiredService<RecordingRetentionSweeper>(), options.Recording.RetentionSweep, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<CollectorRegistry>(), sp.GetRequiredService<ILogger<RetentionService>>()));
        }
    }

    /// <summary>
    /// The shared PostgreSQL index when RECORDING_INDEX_URL is set, else this node's SQLite file; in a cluster, rows carry
    /// the node id either way.
    /// </summary>
    public static IRecordingIndex CreateIndex(SiprecOptions options, IRecordingKeyProvider? keys = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var nodeId = options.Cluster.NodeId ?? Dns.GetHostName();
        if (options.Recording.IndexUrl is { } url)
        {
            return new PostgresRecordingIndex(url, nodeId, options.Recording.Directory, keys);
        }

        var indexPath = options.Recording.IndexPath ?? Path.Combine(options.Recording.Directory, "index.db");
        return new RecordingIndex(indexPath, options.Recording.Directory, options.Cluster.RedisUrl is null ? null : nodeId, keys);
    }

    /// <summary>The live feed, metrics and SSE endpoint always; the per-call transcriber factory only when a provider is configured.</summary>
    private static void AddTranscription(IServiceCollection services, SttOptions stt, TimeSpan webhookDrain)
    {
        services.AddSingleton<TranscriptionMetrics>();
        services.AddSingleton(new TranscriptLiveFeed());
        services.AddSingleton(sp => new TranscriptionPrometheusMetrics(sp.GetRequiredService<CollectorRegistry>(), sp.GetRequiredService<TranscriptionMetrics>()));
        services.AddSingleton<TranscriptStreamEndpoint>();
        services.AddSingleton(sp => new TranscriptWebhookMetrics(sp.GetRequiredService<CollectorRegistry>(), sp.GetService<TranscriptWebhookSink>()));
        if (!stt.Enabled)
        {
            return;
        }

        services.AddKeyedSingleton(TranscriptionHttpClient, (_, _) => new HttpClient { Timeout = TimeSpan.FromSeconds(60) });
        if (stt.WebhookUrl is { } webhook)
        {
            // Disposed with the container, after every hosted service has stopped: the last calls' results are queued by then.
            services.AddSingleton(sp => new TranscriptWebhookSink(
                sp.GetRequiredKeyedService<HttpClient>(TranscriptionHttpClient), webhook, stt.ToWebhookOptions(webhookDrain),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TranscriptWebhookSink>>()));
        }

        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var transcription = stt.ToTranscriptionOptions();
            var recognizer = new SpeechRecognizerFactory(time, sp.GetRequiredKeyedService<HttpClient>(TranscriptionHttpClient)).Create(transcription)
                ?? throw new InvalidOperationException("STT_PROVIDER names no provider.");
            List<ITranscriptSink> sinks = [sp.GetRequiredService<TranscriptLiveFeed>()];
            if (sp.GetService<TranscriptWebhookSink>() is { } webhookSink)
            {
                sinks.Add(webhookSink);
            }

            return new SessionTranscriberFactory(
                recognizer, sinks, sp.GetRequiredService<TranscriptionMetrics>(), transcription.Language, time, sp.GetRequiredService<ILoggerFactory>(),
                stt.ToFeedOptions(), sp.GetService<IRecordingKeyProvider>());
        });
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, LoggingOptions logging)
    {
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(logging.Level);
        if (logging.Level > LogLevel.Debug)
        {
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

            // The webhook client logs each failed attempt itself, with the event and the attempt number; Polly's own
            // telemetry would log the same attempt twice more (the attempt and the retry, at Warning; timeouts at Error).
            builder.Logging.AddFilter("Polly", LogLevel.None);
        }

        if (logging.Format == LogFormat.Json)
        {
            builder.Logging.AddConsole(o => o.FormatterName = JsonConsoleLogFormatter.FormatterName);
            builder.Logging.AddConsoleFormatter<JsonConsoleLogFormatter, ConsoleFormatterOptions>();
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
    }
}
