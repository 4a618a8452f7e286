using System.Security.Cryptography.X509Certificates;

namespace Siprec.Sip.Transport;

/// <summary>Loads the TLS server certificate from PEM files.</summary>
public static class SipCertificateLoader
{
    /// <summary>Reads the certificate and its private key; throws <see cref="InvalidOperationException"/> saying which file is wrong.</summary>
    public static X509Certificate2 LoadPem(string certificatePath, string? keyPath)
    {
        if (!File.Exists(certificatePath))
        {
            throw new InvalidOperationException($"TLS certificate file '{certificatePath}' does not exist.");
        }

        if (keyPath is not null && !File.Exists(keyPath))
        {
            throw new InvalidOperationException($"TLS key file '{keyPath}' does not exist.");
        }

        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new InvalidOperationException($"TLS certificate '{certificatePath}' has no private key.");
            }

            return certificate;
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidOperationException($"TLS certificate '{certificatePath}' or key could not be read: {ex.Message}", ex);
        }
    }
}
