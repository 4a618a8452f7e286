using Siprec.Sip.Messages;

namespace Siprec.Sip;

/// <summary>Turns messages into the bytes a transport sends.</summary>
internal static class SipWire
{
    public static byte[] Encode(SipMessage message) => SipMessageWriter.ToArray(message);
}
