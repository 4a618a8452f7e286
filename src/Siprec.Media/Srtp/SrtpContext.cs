using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Siprec.Media.Srtp;

/// <summary>
/// SRTP and SRTCP protection (RFC 3711) for one master key: AES-CM encryption, HMAC-SHA1 authentication checked in constant
/// time, per-SSRC rollover counter estimation and 64-packet replay windows. Works in place on the caller's buffer and does not
/// allocate per packet. Not thread-safe: use one context per direction from one receive or send loop.
/// </summary>
public sealed class SrtpContext : IDisposable
{
    /// <summary>The most SSRCs one context tracks; packets of further SSRCs are rejected.</summary>
    public const int MaxStreams = 64;

    private const int RtpHeaderLength = 12;
    private const int RtcpHeaderLength = 8;
    private const int SrtcpIndexLength = 4;
    private const int Sha1Length = 20;

    private readonly SrtpCryptoSuite _suite;
    private readonly byte[] _mki;
    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt = new byte[14];
    private readonly byte[] _rtcpSalt = new byte[14];
    private readonly Dictionary<uint, SrtpStreamState> _streams = [];

    /// <summary>Derives the session keys of <paramref name="suite"/> from the master key and salt; <paramref name="mki"/> is the optional master key identifier carried in each packet.</summary>
    public SrtpContext(SrtpCryptoSuite suite, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, ReadOnlySpan<byte> mki = default)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (masterKey.Length != suite.MasterKeyLength || masterSalt.Length != suite.MasterSaltLength)
        {
            throw new ArgumentException(
                $"{suite.Name} takes a {suite.MasterKeyLength}-byte master key and {suite.MasterSaltLength}-byte salt, not {masterKey.Length} and {masterSalt.Length}.",
                nameof(masterKey));
        }

        _suite = suite;
        _mki = mki.ToArray();

        Span<byte> key = stackalloc byte[16];
        Span<byte> authKey = stackalloc byte[Sha1Length];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyLabel.RtpEncryption, key);
        _rtpCipher = new AesCounterMode(key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyLabel.RtpAuthentication, authKey);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyLabel.RtpSalt, _rtpSalt);

        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyLabel.RtcpEncryption, key);
        _rtcpCipher = new AesCounterMode(key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyLabel.RtcpAuthentication, authKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyLabel.RtcpSalt, _rtcpSalt);
        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(authKey);
    }

    /// <summary>The suite this context protects with.</summary>
    public SrtpCryptoSuite Suite => _suite;

    /// <summary>Bytes SRTP adds to an RTP packet (MKI and authentication tag).</summary>
    public int RtpOverhead => _mki.Length + _suite.SrtpAuthTagLength;

    /// <summary>Bytes SRTCP adds to an RTCP packet (E flag and index, MKI, authentication tag).</summary>
    public int RtcpOverhead => SrtcpIndexLength + _mki.Length + _suite.SrtcpAuthTagLength;

    /// <summary>The rollover counter tracked for <paramref name="ssrc"/>, or null before its first authenticated packet.</summary>
    public long? RolloverCounterOf(uint ssrc) => _streams.TryGetValue(ssrc, out var state) && state.Started ? state.RolloverCounter : null;

    /// <summary>
    /// Authenticates and decrypts an SRTP packet in place; <paramref name="length"/> is then the RTP packet's length.
    /// Returns false, leaving the packet untouched, when it is malformed, fails authentication or is a replay.
    /// </summary>
    public bool TryUnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        var tagLength = _suite.SrtpAuthTagLength;
        var authenticated = packet.Length - tagLength - _mki.Length;
        if (!TryGetRtpHeaderLength(packet, authenticated, out var headerLength) || !MkiMatches(packet.Slice(authenticated, _mki.Length)))
        {
            return false;
        }

        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var known = _streams.TryGetValue(ssrc, out var state);
        if (!known && _streams.Count >= MaxStreams)
        {
            return false;
        }

        state ??= new SrtpStreamState();
        var rollover = state.EstimateRollover(sequence);
        var index = (rollover << 16) | sequence;
        if (rollover < 0 || state.RtpWindow.Rejects(index))
        {
            return false;
        }

        Span<byte> rolloverBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rolloverBytes, (uint)rollover);
        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtpMac.AppendData(packet[..authenticated]);
        _rtpMac.AppendData(rolloverBytes);
        _rtpMac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..tagLength], packet[^tagLength..]))
        {
            return false;
        }

        ApplyRtpKeystream(packet[headerLength..authenticated], ssrc, index);
        state.Advance(rollover, sequence);
        state.RtpWindow.Accept(index);
        if (!known)
        {
            _streams[ssrc] = state;
        }

        length = authenticated;
        return true;
    }

    /// <summary>
    /// Encrypts and authenticates the RTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place and returns the
    /// SRTP length; the buffer must hold <see cref="RtpOverhead"/> more bytes. Throws on a malformed packet or a short buffer.
    /// </summary>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        var protectedLength = length + RtpOverhead;
        if (length < 0 || buffer.Length < protectedLength)
        {
            throw new ArgumentException($"Protecting {length} bytes needs a buffer of {protectedLength}; it holds {buffer.Length}.", nameof(buffer));
        }

        if (!TryGetRtpHeaderLength(buffer, length, out var headerLength))
        {
            throw new ArgumentException("The buffer does not start with a well-formed RTP version 2 header.", nameof(buffer));
        }

        var sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var state = StateForSending(ssrc);
        var rollover = Math.Max(state.EstimateRollover(sequence), 0);
        state.Advance(rollover, sequence);
        var index = (rollover << 16) | sequence;

        ApplyRtpKeystream(buffer[headerLength..length], ssrc, index);
        _mki.CopyTo(buffer[length..]);

        Span<byte> rolloverBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rolloverBytes, (uint)rollover);
        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtpMac.AppendData(buffer[..length]);
        _rtpMac.AppendData(rolloverBytes);
        _rtpMac.GetHashAndReset(mac);
        mac[.._suite.SrtpAuthTagLength].CopyTo(buffer[(length + _mki.Length)..]);
        return protectedLength;
    }

    /// <summary>
    /// Authenticates and (when its E flag is set) decrypts an SRTCP packet in place; <paramref name="length"/> is then the RTCP
    /// compound packet's length. Returns false when it is malformed, fails authentication or is a replay.
    /// </summary>
    public bool TryUnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        var tagLength = _suite.SrtcpAuthTagLength;
        var authenticated = packet.Length - tagLength - _mki.Length;
        var rtcpLength = authenticated - SrtcpIndexLength;
        if (rtcpLength < RtcpHeaderLength || (packet[0] >> 6) != 2 || !MkiMatches(packet.Slice(authenticated, _mki.Length)))
        {
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        var trailer = BinaryPrimitives.ReadUInt32BigEndian(packet[rtcpLength..]);
        var encrypted = (trailer & 0x8000_0000) != 0;
        long index = trailer & 0x7FFF_FFFF;

        var known = _streams.TryGetValue(ssrc, out var state);
        if (!known && _streams.Count >= MaxStreams)
        {
            return false;
        }

        state ??= new SrtpStreamState();
        if (state.RtcpWindow.Rejects(index))
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtcpMac.AppendData(packet[..authenticated]);
        _rtcpMac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..tagLength], packet[^tagLength..]))
        {
            return false;
        }

        if (encrypted)
        {
            ApplyKeystream(_rtcpCipher, _rtcpSalt, packet[RtcpHeaderLength..rtcpLength], ssrc, index);
        }

        state.RtcpWindow.Accept(index);
        if (!known)
        {
            _streams[ssrc] = state;
        }

        length = rtcpLength;
        return true;
    }

    /// <summary>
    /// Encrypts and authenticates the RTCP compound packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place with
    /// the next SRTCP index of its SSRC and returns the SRTCP length; the buffer must hold <see cref="RtcpOverhead"/> more bytes.
    /// </summary>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        var protectedLength = length + RtcpOverhead;
        if (length < RtcpHeaderLength || buffer.Length < protectedLength)
        {
            throw new ArgumentException($"Protecting {length} bytes of RTCP needs at least {RtcpHeaderLength} bytes and a buffer of {protectedLength}; it holds {buffer.Length}.", nameof(buffer));
        }

        if ((buffer[0] >> 6) != 2)
        {
            throw new ArgumentException("The buffer does not start with an RTCP version 2 header.", nameof(buffer));
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var state = StateForSending(ssrc);
        var index = state.NextRtcpIndex;
        state.NextRtcpIndex = (index + 1) & 0x7FFF_FFFF;

        ApplyKeystream(_rtcpCipher, _rtcpSalt, buffer[RtcpHeaderLength..length], ssrc, index);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], 0x8000_0000u | (uint)index);
        var authenticated = length + SrtcpIndexLength;
        _mki.CopyTo(buffer[authenticated..]);

        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtcpMac.AppendData(buffer[..authenticated]);
        _rtcpMac.GetHashAndReset(mac);
        mac[.._suite.SrtcpAuthTagLength].CopyTo(buffer[(authenticated + _mki.Length)..]);
        return protectedLength;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
    }

    private static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, int length, out int headerLength)
    {
        headerLength = 0;
        if (length < RtpHeaderLength || (packet[0] >> 6) != 2)
        {
            return false;
        }

        headerLength = RtpHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (length < headerLength + 4)
            {
                return false;
            }

            headerLength += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(headerLength + 2)..]));
        }

        return headerLength <= length;
    }

    private bool MkiMatches(ReadOnlySpan<byte> mki) => mki.SequenceEqual(_mki);

    private SrtpStreamState StateForSending(uint ssrc)
    {
        if (!_streams.TryGetValue(ssrc, out var state))
        {
            if (_streams.Count >= MaxStreams)
            {
                throw new InvalidOperationException($"An SRTP context tracks at most {MaxStreams} SSRCs.");
            }

            state = new SrtpStreamState();
            _streams[ssrc] = state;
        }

        return state;
    }

    private void ApplyRtpKeystream(Span<byte> payload, uint ssrc, long index) => ApplyKeystream(_rtpCipher, _rtpSalt, payload, ssrc, index);

    private static void ApplyKeystream(AesCounterMode cipher, ReadOnlySpan<byte> salt, Span<byte> data, uint ssrc, long index)
    {
        // IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), RFC 3711 §4.1.1.
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (var i = 0; i < 6; i++)
        {
            iv[13 - i] ^= (byte)(index >> (8 * i));
        }

        cipher.Apply(iv, data);
    }
}
