using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Siprec.Media.Srtp;

/// <summary>
/// An SDES <c>a=crypto</c> attribute (RFC 4568): <c>&lt;tag&gt; &lt;suite&gt; inline:&lt;base64 key||salt&gt;[|lifetime][|MKI:length] [session-params]</c>.
/// Only a single key with the AES_CM_128_HMAC_SHA1 suites and a key derivation rate of 0 is accepted.
/// </summary>
public sealed class SdesCryptoAttribute
{
    private const string Prefix = "a=crypto:";
    private const string Inline = "inline:";

    private readonly byte[] _keyAndSalt;
    private readonly byte[] _mki;

    private SdesCryptoAttribute(int tag, SrtpCryptoSuite suite, byte[] keyAndSalt, string? lifetime, byte[] mki, string? sessionParameters)
    {
        Tag = tag;
        Suite = suite;
        _keyAndSalt = keyAndSalt;
        Lifetime = lifetime;
        _mki = mki;
        SessionParameters = sessionParameters;
    }

    /// <summary>The attribute's tag, which the answer echoes.</summary>
    public int Tag { get; }

    /// <summary>The crypto suite.</summary>
    public SrtpCryptoSuite Suite { get; }

    /// <summary>The master key (16 bytes).</summary>
    public ReadOnlySpan<byte> MasterKey => _keyAndSalt.AsSpan(0, Suite.MasterKeyLength);

    /// <summary>The master salt (14 bytes).</summary>
    public ReadOnlySpan<byte> MasterSalt => _keyAndSalt.AsSpan(Suite.MasterKeyLength);

    /// <summary>The key lifetime as written (<c>2^31</c> or a decimal count), or null when absent.</summary>
    public string? Lifetime { get; }

    /// <summary>The master key identifier as it appears in each packet (big-endian, MKI length bytes); empty when absent.</summary>
    public ReadOnlySpan<byte> Mki => _mki;

    /// <summary>Session parameters after the key, as written (for example <c>WSH=64</c>), or null.</summary>
    public string? SessionParameters { get; }

    /// <summary>Parses an attribute value, with or without the <c>a=crypto:</c> prefix; false with a specific reason when malformed or unsupported.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SdesCryptoAttribute? attribute, [NotNullWhen(false)] out string? error)
    {
        attribute = null;
        text = text.Trim();
        if (text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[Prefix.Length..];
        }

        Span<Range> fields = stackalloc Range[5];
        var count = text.Split(fields, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (count < 3)
        {
            error = "a crypto attribute needs a tag, a crypto suite and key parameters";
            return false;
        }

        var tagText = text[fields[0]];
        if (tagText.Length > 9 || !int.TryParse(tagText, NumberStyles.None, CultureInfo.InvariantCulture, out var tag))
        {
            error = $"the tag '{tagText}' is not 1 to 9 digits";
            return false;
        }

        var suiteText = text[fields[1]];
        if (!SrtpCryptoSuite.TryFromName(suiteText, out var suite))
        {
            error = $"unsupported crypto suite '{suiteText}' (supported: {SrtpCryptoSuite.AesCm128HmacSha1_80.Name}, {SrtpCryptoSuite.AesCm128HmacSha1_32.Name})";
            return false;
        }

        string? sessionParameters = null;
        if (count > 3)
        {
            var rest = text[fields[3].Start.Value..].Trim();
            if (!TryCheckSessionParameters(rest, out error))
            {
                return false;
            }

            sessionParameters = rest.ToString();
        }

        if (!TryParseKeyParameter(text[fields[2]], suite, out var keyAndSalt, out var lifetime, out var mki, out error))
        {
            return false;
        }

        attribute = new SdesCryptoAttribute(tag, suite, keyAndSalt, lifetime, mki, sessionParameters);
        return true;
    }

    /// <summary>Parses an attribute value or throws <see cref="FormatException"/> with the reason.</summary>
    public static SdesCryptoAttribute Parse(string text) =>
        TryParse(text, out var attribute, out var error) ? attribute : throw new FormatException($"Invalid a=crypto attribute: {error}.");

    /// <summary>Creates an attribute with a fresh master key and salt drawn from <paramref name="random"/>, for our own answer.</summary>
    public static SdesCryptoAttribute Generate(int tag, SrtpCryptoSuite suite, RandomNumberGenerator random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tag);
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(random);
        var keyAndSalt = new byte[suite.MasterKeyLength + suite.MasterSaltLength];
        random.GetBytes(keyAndSalt);
        return new SdesCryptoAttribute(tag, suite, keyAndSalt, lifetime: null, [], sessionParameters: null);
    }

    /// <summary>Creates an SRTP context keyed by this attribute (for the direction whose sender offered it).</summary>
    public SrtpContext CreateContext() => new(Suite, MasterKey, MasterSalt, Mki);

    /// <summary>Formats the attribute value without the <c>a=crypto:</c> prefix.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{Tag} {Suite.Name} {Inline}{Convert.ToBase64String(_keyAndSalt)}");
        if (Lifetime is not null)
        {
            builder.Append('|').Append(Lifetime);
        }

        if (_mki.Length > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"|{MkiValue()}:{_mki.Length}");
        }

        if (SessionParameters is not null)
        {
            builder.Append(' ').Append(SessionParameters);
        }

        return builder.ToString();
    }

    private static bool TryParseKeyParameter(
        ReadOnlySpan<char> text,
        SrtpCryptoSuite suite,
        [NotNullWhen(true)] out byte[]? keyAndSalt,
        out string? lifetime,
        [NotNullWhen(true)] out byte[]? mki,
        [NotNullWhen(false)] out string? error)
    {
        keyAndSalt = null;
        lifetime = null;
        mki = null;
        if (text.Contains(';'))
        {
            error = "more than one key parameter is not supported";
            return false;
        }

        if (!text.StartsWith(Inline, StringComparison.OrdinalIgnoreCase))
        {
            error = $"the key method must be '{Inline}'";
            return false;
        }

        text = text[Inline.Length..];
        Span<Range> parts = stackalloc Range[4];
        var count = text.Split(parts, '|');
        if (count > 3)
        {
            error = "the key has more than a lifetime and an MKI after it";
            return false;
        }

        var expected = suite.MasterKeyLength + suite.MasterSaltLength;
        var decoded = new byte[expected];
        if (!Convert.TryFromBase64Chars(text[parts[0]], decoded, out var written) || written != expected)
        {
            error = $"the inline key is not base64 of {expected} bytes (master key and salt) for {suite.Name}";
            return false;
        }

        mki = [];
        for (var i = 1; i < count; i++)
        {
            var part = text[parts[i]];
            if (part.Contains(':'))
            {
                if (mki.Length > 0)
                {
                    error = "the key has more than one MKI";
                    return false;
                }

                if (!TryParseMki(part, out mki, out error))
                {
                    return false;
                }
            }
            else if (lifetime is null && i == 1 && IsLifetime(part))
            {
                lifetime = part.ToString();
            }
            else
            {
                error = $"'{part}' is neither a lifetime (2^n or a number) nor an MKI (value:length)";
                return false;
            }
        }

        keyAndSalt = decoded;
        error = null;
        return true;
    }

    private static bool IsLifetime(ReadOnlySpan<char> text)
    {
        var digits = text.StartsWith("2^", StringComparison.Ordinal) ? text[2..] : text;
        return !digits.IsEmpty && digits.Length <= 20 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static bool TryParseMki(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? mki, [NotNullWhen(false)] out string? error)
    {
        mki = null;
        var colon = text.IndexOf(':');
        if (!ulong.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || length is < 1 or > 128)
        {
            error = $"the MKI '{text}' is not value:length with a length of 1 to 128 bytes";
            return false;
        }

        if (length < 8 && value >> (8 * length) != 0)
        {
            error = $"the MKI value {value} does not fit in {length} byte(s)";
            return false;
        }

        mki = new byte[length];
        Span<byte> bigEndian = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian, value);
        var copied = Math.Min(length, 8);
        bigEndian[(8 - copied)..].CopyTo(mki.AsSpan(length - copied));
        error = null;
        return true;
    }

    private static bool TryCheckSessionParameters(ReadOnlySpan<char> text, [NotNullWhen(false)] out string? error)
    {
        foreach (var range in text.Split(' '))
        {
            var parameter = text[range];
            if (parameter.StartsWith("UNENCRYPTED_", StringComparison.Ordinal) || parameter.SequenceEqual("UNAUTHENTICATED_SRTP"))
            {
                error = $"session parameter '{parameter}' is not supported";
                return false;
            }

            if (parameter.StartsWith("KDR=", StringComparison.Ordinal) && !parameter[4..].SequenceEqual("0"))
            {
                error = $"key derivation rate '{parameter}' is not supported (only 0)";
                return false;
            }
        }

        error = null;
        return true;
    }

    private ulong MkiValue()
    {
        ulong value = 0;
        foreach (var b in _mki.AsSpan(Math.Max(0, _mki.Length - 8)))
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
