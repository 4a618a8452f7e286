namespace Siprec.RtpSender.Sending;

/// <summary>What one stream actually put on the wire.</summary>
public sealed record RtpStreamReport(
    int DatagramsSent,
    int AudioPackets,
    int AudioPacketsDropped,
    int AudioPacketsDuplicated,
    int AudioPacketsReordered,
    int EventPackets,
    IReadOnlyList<uint> Ssrcs);
