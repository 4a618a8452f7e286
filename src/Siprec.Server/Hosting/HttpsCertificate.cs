using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Siprec.Server.Hosting;

/// <summary>
/// The certificate of the HTTPS listener, read from its PEM files and read again when they change, so a renewed
/// certificate is served without a restart. The files are looked at, at most every few seconds of the injected clock,
/// when a TLS handshake asks for the certificate; a pair that does not load (a renewal half written) keeps the old one.
/// </summary>
public sealed partial class HttpsCertificate : IDisposable
{
    /// <summary>How often a handshake may look at the files.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private readonly string _certPath;
    private readonly string _keyPath;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpsCertificate> _logger;
    private readonly Lock _refresh = new();
    private X509Certificate2 _current;
    private (DateTime Cert, DateTime Key) _loadedVersion;
    private long _lastCheckTicks;

    /// <summary>Loads the certificate now; throws when the files do not load.</summary>
    public HttpsCertificate(string certPath, string keyPath, TimeProvider time, ILogger<HttpsCertificate> logger)
    {
        _certPath = certPath;
        _keyPath = keyPath;
        _time = time;
        _logger = logger;
        _loadedVersion = VersionOfFiles();
        _current = Load(certPath, keyPath);
        _lastCheckTicks = time.GetUtcNow().UtcTicks;
    }

    /// <summary>The certificate to present, read again first if the files changed since it was loaded.</summary>
    public X509Certificate2 Current
    {
        get
        {
            var now = _time.GetUtcNow();
            if (now.UtcTicks - Volatile.Read(ref _lastCheckTicks) < CheckInterval.Ticks || !_refresh.TryEnter())
            {
                return Volatile.Read(ref _current);
            }

            try
            {
                Volatile.Write(ref _lastCheckTicks, now.UtcTicks);
                Refresh();
            }
            finally
            {
                _refresh.Exit();
            }

            return Volatile.Read(ref _current);
        }
    }

    /// <summary>Reads a certificate and its private key from PEM files, in a form TLS can use on every platform.</summary>
    public static X509Certificate2 Load(string certPath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);

        // An ephemeral key from PEM cannot serve TLS on Windows; a PKCS#12 round trip gives it a usable key store.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <inheritdoc/>
    public void Dispose() => _current.Dispose();

    private void Refresh()
    {
        var version = VersionOfFiles();
        if (version == _loadedVersion)
        {
            return;
        }

        try
        {
            var renewed = Load(_certPath, _keyPath);
            _loadedVersion = version;

            // A handshake may still hold the old one, so it is left to the finalizer rather than disposed under it.
            Volatile.Write(ref _current, renewed);
            Log.Reloaded(_logger, _certPath, renewed.Subject, renewed.NotAfter);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            Log.ReloadFailed(_logger, _certPath, ex);
        }
    }

    private (DateTime Cert, DateTime Key) VersionOfFiles() => (File.GetLastWriteTimeUtc(_certPath), File.GetLastWriteTimeUtc(_keyPath));

    private static partial class Log
    {
        [LoggerMessage(EventId = 460, Level = LogLevel.Information, Message = "HTTPS certificate reloaded from {CertPath}: {Subject}, valid until {NotAfter:o}")]
        public static partial void Reloaded(ILogger logger, string certPath, string subject, DateTime notAfter);

        [LoggerMessage(EventId = 461, Level = LogLevel.Error, Message = "HTTPS certificate in {CertPath} changed but does not load; still serving the previous one")]
        public static partial void ReloadFailed(ILogger logger, string certPath, Exception exception);
    }
}
