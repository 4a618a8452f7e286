using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Siprec.Cli.Http;

/// <summary>
/// Trusts a server certificate issued by one given CA (a private CA, as <c>--ca-cert</c> names it) instead of the
/// system's roots, checking the chain and the host name as usual.
/// </summary>
public static class PrivateCaTrust
{
    /// <summary>An HTTP handler trusting the CA certificate(s) of the PEM file at <paramref name="caPath"/>; throws when it does not load.</summary>
    public static SocketsHttpHandler CreateHandler(string caPath)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caPath);
        if (roots.Count == 0)
        {
            throw new CryptographicException($"no certificate in {caPath}");
        }

        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
        return handler;
    }
}
