// '@gatehouse/storage-proxy/typeorm': everything that needs typeorm.
export { TypeOrmStorage, type TypeOrmStorageOptions } from './typeorm-storage';
