using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Siprec.Sip.Tests.Support;

/// <summary>A fresh self-signed certificate written as PEM certificate and key files in a temporary folder.</summary>
internal sealed class TestCertificate : IDisposable
{
    private readonly string _folder;

    private TestCertificate(string folder)
    {
        _folder = folder;
        CertificatePath = Path.Combine(folder, "server.crt");
        KeyPath = Path.Combine(folder, "server.key");
    }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public static TestCertificate WritePemFiles()
    {
        var files = new TestCertificate(Directory.CreateTempSubdirectory("siprec-tls-").FullName);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(files.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return files;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
