/**
 * A 64x36 grayscale baseline JPEG (a grey gradient with a lighter band),
 * made for this simulator with libjpeg at quality 40. It stands in for a
 * camera frame: small, but a real image any decoder accepts.
 */
export const PLACEHOLDER_FRAME_JPEG: Buffer = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABQODxIPDRQSEBIXFRQYHjIhHhwcHj0sLiQySUBM' +
    'S0dARkVQWnNiUFVtVkVGZIhlbXd7gYKBTmCNl4x9lnN+gXz/wAALCAAkAEABAREA/8QAHwAA' +
    'AQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQR' +
    'BRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RF' +
    'RkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip' +
    'qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEB' +
    'AAA/AMUU8VIKeKeKeKeKkFZggm/55P8A98mniCb/AJ5P/wB8mpBBN/zyf/vk08QTf88n/wC+' +
    'TTxBN/zyf/vk08QTf88n/wC+TTxBN/zyf/vk1IIJv+eT/wDfJpgvrf8A56f+Omni+t/+en/j' +
    'pqQX1v8A89P/AB008X1v/wA9P/HTTxfW/wDz0/8AHTTxfW//AD0/8dNPF9b/APPT/wAdNSC+' +
    't/8Anp/46a5AU8VIKeKeKeKeKkFZAp4qQU8U8U8U8VIK/9k=',
  'base64',
);
