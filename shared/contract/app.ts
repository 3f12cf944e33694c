/** The application's name: the first part of every stage resource name (`mosaic-<stage>-…`). */
export const APP = 'mosaic';
